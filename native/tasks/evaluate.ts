import { AppError } from '../../electron/contract/errors.js';
import { EvaluateSpec, type EvaluateResult } from '../../electron/contract/jobs.js';
import { loadChatModel } from '../engine/chat-model.js';
import { pairPromptIds, readSftFile } from '../engine/sft-examples.js';
import type { TaskContext } from './task.js';

/** Exact-match accuracy of greedy answers: "did it learn?" in one number, with every sample kept. */
export async function evaluateTask(rawSpec: unknown, { signal, report }: TaskContext): Promise<EvaluateResult> {
  const spec = EvaluateSpec.parse(rawSpec);
  const m = await loadChatModel(spec);
  const pairs = (await readSftFile(spec.data)).slice(0, spec.limit);
  const samples: EvaluateResult['samples'] = [];
  for (const [i, pair] of pairs.entries()) {
    if (signal.aborted) throw new AppError('CANCELLED', 'Evaluation cancelled');
    const got = m.tokenizer.decode(await m.greedy(pairPromptIds(m.tokenizer, pair), spec.maxNewTokens, signal), { skipSpecialTokens: true });
    const match = got.trim() === pair.completion.trim();
    samples.push({ prompt: pair.prompt.map((msg) => msg.content).join('\n'), expected: pair.completion, got, match });
    report.progress((i + 1) / pairs.length, `${samples.filter((s) => s.match).length}/${i + 1} exact`);
  }
  m.dispose();
  const exact = samples.filter((s) => s.match).length;
  return { total: samples.length, exact, accuracy: samples.length ? exact / samples.length : 0, samples };
}
