/** Child-process entry for llama.cpp checks: one request in, one answer out, then exit. */
import { greedyContinuations, nextTokenLogProbs } from './llama-cpp.js';

type Request =
  | { op: 'logprobs'; gguf: string; tokens: number[]; vocabSize: number }
  | { op: 'greedy'; gguf: string; prompts: number[][]; maxNewTokens: number; stopIds: number[] };

process.once('message', (msg: Request) => {
  const work = msg.op === 'greedy' ? greedyContinuations(msg.gguf, msg.prompts, msg.maxNewTokens, msg.stopIds) : nextTokenLogProbs(msg.gguf, msg.tokens, msg.vocabSize);
  work.then(
    (result) => process.send!({ ok: true, result }, () => process.exit(0)),
    (err: unknown) => process.send!({ ok: false, message: (err as Error).message }, () => process.exit(1)),
  );
});
