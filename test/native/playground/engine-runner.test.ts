import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SamplingParams } from '../../../electron/contract/playground.js';
import type { GenerateInput } from '../../../native/protocol.js';
import { loadEngineRunner } from '../../../native/playground/engine-runner.js';
import { streamAnswer } from '../../../native/playground/runner.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { writeRandomAdapter } from '../../electron/playground/random-adapter.js';

const MODEL = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const GREEDY: SamplingParams = { greedy: true, temperature: 0, topP: 1, topK: 0, repetitionPenalty: 1, maxNewTokens: 40, seed: 0, stop: [] };

async function answers(adapter: string | undefined, inputs: GenerateInput[]): Promise<{ host: string[]; tfjs: string[] }> {
  const out = { host: [] as string[], tfjs: [] as string[] };
  for (const [key, tfjs] of [['host', false], ['tfjs', true]] as const) {
    const runner = await loadEngineRunner({ model: MODEL, adapter, tfjs });
    for (const input of inputs) out[key].push((await streamAnswer(runner, input, new AbortController().signal, () => undefined)).text);
    await runner.dispose();
  }
  return out;
}

describe('the engine runner: host decode path against TF.js generate()', () => {
  it('gives the same greedy and sampled answers, with and without an adapter', async () => {
    const inputs: GenerateInput[] = [
      { mode: 'chat', system: '', prompt: 'What is the capital of France?', history: [], params: GREEDY },
      { mode: 'raw', system: '', prompt: 'The', history: [], params: GREEDY },
      // ~247 prompt tokens + 60: the host decoder's cache (256 positions at first) grows mid-answer.
      { mode: 'raw', system: '', prompt: 'The capital of France is Paris. '.repeat(19), history: [], params: { ...GREEDY, maxNewTokens: 60 } },
      { mode: 'chat', system: 'Be brief.', prompt: 'Name a colour', history: [], params: { ...GREEDY, greedy: false, temperature: 0.9, topK: 20, topP: 0.9, repetitionPenalty: 1.2, seed: 7 } },
    ];
    const base = await answers(undefined, inputs);
    expect(base.host).toEqual(base.tfjs);
    const adapter = path.join(tempDir('fts-engine-runner-'), 'adapter');
    await writeRandomAdapter(MODEL, adapter);
    const tuned = await answers(adapter, inputs);
    expect(tuned.host).toEqual(tuned.tfjs);
    expect(tuned.host).not.toEqual(base.host);
  }, 120_000);
});
