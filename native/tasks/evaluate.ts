import { EvaluateSpec, type EvaluateResult } from '../../electron/contract/jobs.js';
import { AppError } from '../../electron/contract/errors.js';
import { applyAdapter } from '../engine/adapter-io.js';
import { generate } from '../engine/generate.js';
import { loadDecoder } from '../engine/load-model.js';
import { GREEDY } from '../engine/sampling.js';
import { promptText, readSftFile } from '../engine/sft-examples.js';
import { disposeDecoderWeights } from '../engine/weights.js';
import { ModelTokenizer } from '../models/tokenizer.js';
import { loadTf } from '../runtimes/tfjs.js';
import type { TaskContext } from './task.js';

/** Exact-match accuracy of greedy answers: "did it learn?" in one number, with every sample kept. */
export async function evaluateTask(rawSpec: unknown, { signal, report }: TaskContext): Promise<EvaluateResult> {
  const spec = EvaluateSpec.parse(rawSpec);
  const { tf } = await loadTf(spec.backend);
  const { config, weights } = await loadDecoder(tf, spec.model);
  const tokenizer = await ModelTokenizer.load(spec.model);
  if (spec.adapter) await applyAdapter(tf, weights, spec.adapter);
  const pairs = (await readSftFile(spec.data)).slice(0, spec.limit);
  const eos = [...config.eosTokenIds];
  if (tokenizer.special.eos?.id != null) eos.push(tokenizer.special.eos.id);
  const samples: EvaluateResult['samples'] = [];
  for (const [i, pair] of pairs.entries()) {
    if (signal.aborted) throw new AppError('CANCELLED', 'Evaluation cancelled');
    const text = promptText(tokenizer, pair.prompt);
    const ids = tokenizer.encode(text, { addSpecialTokens: !tokenizer.chatTemplate });
    let got = '';
    for await (const t of generate(tf, config, weights, ids, (g) => tokenizer.decode(g, { skipSpecialTokens: true }), {
      ...GREEDY,
      maxNewTokens: spec.maxNewTokens,
      seed: 0,
      eosTokenIds: eos,
      stopStrings: [],
      signal,
    })) {
      got = t.text;
    }
    const match = got.trim() === pair.completion.trim();
    samples.push({ prompt: pair.prompt.map((m) => m.content).join('\n'), expected: pair.completion, got, match });
    report.progress((i + 1) / pairs.length, `${samples.filter((s) => s.match).length}/${i + 1} exact`);
  }
  disposeDecoderWeights(tf, weights);
  const exact = samples.filter((s) => s.match).length;
  return { total: samples.length, exact, accuracy: samples.length ? exact / samples.length : 0, samples };
}
