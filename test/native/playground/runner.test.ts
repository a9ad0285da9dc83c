import { describe, expect, it } from 'vitest';
import type { SamplingParams } from '../../../electron/contract/playground.js';
import type { GenerateInput } from '../../../native/protocol.js';
import { firstStop, stablePrefix, streamAnswer, type Runner, type RunnerStep, type StopReason } from '../../../native/playground/runner.js';
import { samplingOptions } from '../../../native/playground/sampling-options.js';
import { chatMessages } from '../../../native/playground/text-side.js';

const PARAMS: SamplingParams = { greedy: false, temperature: 0.8, topP: 0.9, topK: 20, repetitionPenalty: 1.2, maxNewTokens: 16, seed: 4, stop: [] };
const INPUT: GenerateInput = { mode: 'chat', system: 'Be brief.', prompt: 'And Spain?', history: [{ role: 'user', content: 'Capital of France?' }, { role: 'assistant', content: 'Paris.' }], params: PARAMS };

function fakeRunner(steps: string[], end: StopReason = 'eos'): Runner {
  return {
    runtime: 'fake',
    async *generate(_input, signal): AsyncGenerator<RunnerStep, StopReason> {
      for (const text of steps) {
        if (signal.aborted) return 'cancelled';
        yield { text };
      }
      return end;
    },
    dispose: () => Promise.resolve(),
  };
}

describe('the playground runner helpers', () => {
  it('builds the conversation: system prompt, earlier turns, the new message', () => {
    expect(chatMessages(INPUT)).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: 'Paris.' },
      { role: 'user', content: 'And Spain?' },
    ]);
    expect(chatMessages({ ...INPUT, system: '  ', history: [] })).toEqual([{ role: 'user', content: 'And Spain?' }]);
  });

  it('maps parameters to the engine sampler; greedy switches every knob off', () => {
    expect(samplingOptions(PARAMS)).toEqual({ temperature: 0.8, topK: 20, topP: 0.9, repetitionPenalty: 1.2 });
    expect(samplingOptions({ ...PARAMS, greedy: true })).toEqual({ temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1 });
  });

  it('finds the earliest stop string and holds back a half-decoded character', () => {
    expect(firstStop('abc###def User:', ['User:', '###'])).toBe(3);
    expect(firstStop('abc', ['x'])).toBe(-1);
    expect(stablePrefix('caf\uFFFD')).toBe('caf');
    expect(stablePrefix('café')).toBe('café');
  });

  it('streams deltas that add up to the answer, with stats', async () => {
    const deltas: string[] = [];
    // The third step completes the multi-byte character the second one ended with.
    const out = await streamAnswer(fakeRunner(['Ma', 'Madr\uFFFD', 'Madrid.']), INPUT, new AbortController().signal, (d) => deltas.push(d));
    expect(deltas).toEqual(['Ma', 'dr', 'id.']);
    expect(out.text).toBe('Madrid.');
    expect(out.stats).toMatchObject({ tokens: 3, stopReason: 'eos', runtime: 'fake' });
    expect(out.stats.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
    expect(out.stats.tokensPerSecond).toBeGreaterThan(0);
  });

  it('reports a stopped answer as cancelled', async () => {
    const abort = new AbortController();
    const out = await streamAnswer(fakeRunner(['a', 'ab', 'abc', 'abcd']), INPUT, abort.signal, (d) => d === 'b' && abort.abort());
    expect(out.stats.stopReason).toBe('cancelled');
    expect(out.text).toBe('ab');
  });
});
