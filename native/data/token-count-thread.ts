/**
 * A token-counting thread for validation (token-length-pool.ts): loads the model's tokenizer itself
 * and counts batches of samples with the same TokenLengths code as the calling thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ModelTokenizer } from '../models/tokenizer.js';
import type { TokenCountReply, TokenCountRequest, TokenCountSetup } from './token-count-messages.js';
import { TokenLengths } from './token-lengths.js';

const port = parentPort;
if (!port) throw new Error('token-count-thread.js runs as a worker thread');
const setup = workerData as TokenCountSetup;
const ready = ModelTokenizer.load(setup.tokenizerDir).then((tok) => new TokenLengths(tok, setup.maxLength));

port.on('message', (req: TokenCountRequest) => {
  ready.then(
    (lengths): void => {
      const totals = lengths.countAll(req.samples);
      port.postMessage({ id: req.id, totals } satisfies TokenCountReply, [totals.lengths.buffer as ArrayBuffer]);
    },
    (err: unknown): void => port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies TokenCountReply),
  );
});
