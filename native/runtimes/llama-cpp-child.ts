/** Child-process entry for llama.cpp checks: one request in, one answer out, then exit. */
import { nextTokenLogProbs } from './llama-cpp.js';

process.once('message', (msg: { gguf: string; tokens: number[]; vocabSize: number }) => {
  nextTokenLogProbs(msg.gguf, msg.tokens, msg.vocabSize).then(
    (logProbs) => process.send!({ ok: true, logProbs }, () => process.exit(0)),
    (err: unknown) => process.send!({ ok: false, message: (err as Error).message }, () => process.exit(1)),
  );
});
