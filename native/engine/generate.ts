import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../runtimes/tfjs.js';
import { decoderForward, type DecoderShape, type DecoderWeights, type KvCache } from './llama.js';
import { Rng } from './rng.js';
import { pickToken, type SamplingOptions } from './sampling.js';

export interface GenerateOptions extends SamplingOptions {
  maxNewTokens: number;
  seed: number;
  eosTokenIds: readonly number[];
  stopStrings: readonly string[];
  signal?: AbortSignal;
}

export interface GeneratedToken {
  id: number;
  /** The text of everything generated so far, cut before a stop string. */
  text: string;
}

export type StopReason = 'eos' | 'stop-string' | 'max-tokens' | 'cancelled';

/**
 * Streams tokens from a decoder with a KV cache: the prompt is run once, then one token per step.
 * `decode` turns ids into text (the model's tokenizer) so stop strings can be checked on text.
 */
export async function* generate(
  tf: Tf,
  shape: DecoderShape,
  weights: DecoderWeights,
  promptIds: readonly number[],
  decode: (ids: number[]) => string,
  opts: GenerateOptions,
): AsyncGenerator<GeneratedToken, StopReason> {
  const rng = new Rng(opts.seed);
  const ids = [...promptIds];
  const generated: number[] = [];
  let cache: KvCache | undefined;
  let input: number[] = [...promptIds];
  try {
    for (let step = 0; step < opts.maxNewTokens; step++) {
      if (opts.signal?.aborted) return 'cancelled';
      const logits = tf.tidy(() => {
        const ids2d = tf.tensor2d([input], [1, input.length], 'int32');
        const out = decoderForward(tf, shape, weights, ids2d, { cache });
        const next = out.cache;
        // Keep the cache alive beyond tidy; the previous one is released below.
        for (const t of [...next.keys, ...next.values]) tf.keep(t);
        const old = cache;
        cache = next;
        if (old) tf.dispose([...old.keys, ...old.values]);
        return tf.slice(out.logits, [0, input.length - 1, 0], [1, 1, shape.vocabSize]).reshape([shape.vocabSize]) as tfTypes.Tensor1D;
      });
      const values = (await logits.data()) as Float32Array;
      logits.dispose();
      const id = pickToken(values, ids, opts, rng);
      if (opts.eosTokenIds.includes(id)) return 'eos';
      ids.push(id);
      generated.push(id);
      const text = decode(generated);
      const stop = firstStop(text, opts.stopStrings);
      if (stop !== -1) {
        yield { id, text: text.slice(0, stop) };
        return 'stop-string';
      }
      yield { id, text };
      input = [id];
    }
    return 'max-tokens';
  } finally {
    const c = cache as KvCache | undefined;
    if (c) tf.dispose([...c.keys, ...c.values]);
  }
}

function firstStop(text: string, stops: readonly string[]): number {
  let at = -1;
  for (const s of stops) {
    const i = s ? text.indexOf(s) : -1;
    if (i !== -1 && (at === -1 || i < at)) at = i;
  }
  return at;
}
