import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../native/engine/generate.js';
import { decoderForward } from '../../../native/engine/llama.js';
import { loadDecoder, type LoadedDecoder } from '../../../native/engine/load-model.js';
import { GREEDY } from '../../../native/engine/sampling.js';
import { loadTf, type Tf } from '../../../native/runtimes/tfjs.js';

/**
 * The golden value of ../shared/data/README.md: for hf-tiny-random-llama, greedy decoding from
 * [1, 2, 3] gives these 8 ids (reported by the model's third-party source, reproduced by numpy).
 */
const MODEL = new URL('../../../../shared/data/hf-tiny-random-llama', import.meta.url).pathname;
const GOLDEN = [18568, 1727, 8705, 3598, 27426, 4496, 998, 16911];

let tf: Tf;
let model: LoadedDecoder;

beforeAll(async () => {
  tf = (await loadTf()).tf;
  model = await loadDecoder(tf, MODEL);
});

describe('decoder forward pass against the golden reference', () => {
  it('greedy-decodes the golden ids by full recomputation', async () => {
    const ids = [1, 2, 3];
    for (let s = 0; s < GOLDEN.length; s++) {
      const next = tf.tidy(() => {
        const { logits } = decoderForward(tf, model.config, model.weights, tf.tensor2d([ids], undefined, 'int32'));
        return tf.argMax(tf.slice(logits, [0, ids.length - 1, 0], [1, 1, model.config.vocabSize]).reshape([-1])).dataSync()[0]!;
      });
      ids.push(next);
    }
    expect(ids.slice(3)).toEqual(GOLDEN);
  });

  it('greedy-decodes the same ids with the KV cache through generate()', async () => {
    const out: number[] = [];
    const stream = generate(tf, model.config, model.weights, [1, 2, 3], () => '', { ...GREEDY, maxNewTokens: 8, seed: 0, eosTokenIds: [], stopStrings: [] });
    for await (const t of stream) out.push(t.id);
    expect(out).toEqual(GOLDEN);
  });

  it('gives the same last-position logits for a right-padded batch as for the lone sequence', () => {
    const diff = tf.tidy(() => {
      const alone = decoderForward(tf, model.config, model.weights, tf.tensor2d([[1, 2, 3]], undefined, 'int32')).logits;
      const padded = decoderForward(tf, model.config, model.weights, tf.tensor2d([[1, 2, 3, 0, 0], [5, 6, 7, 8, 9]], undefined, 'int32'), {
        attentionMask: tf.tensor2d([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]),
      }).logits;
      return tf.max(tf.abs(tf.sub(tf.slice(alone, [0, 0, 0], [1, 3, -1]), tf.slice(padded, [0, 0, 0], [1, 3, -1])))).dataSync()[0]!;
    });
    expect(diff).toBeLessThan(1e-5);
  });

  it('stops at an EOS id and at a stop string', async () => {
    const eos = generate(tf, model.config, model.weights, [1, 2, 3], () => '', { ...GREEDY, maxNewTokens: 8, seed: 0, eosTokenIds: [GOLDEN[2]!], stopStrings: [] });
    const got: number[] = [];
    let r = await eos.next();
    while (!r.done) {
      got.push(r.value.id);
      r = await eos.next();
    }
    expect(got).toEqual(GOLDEN.slice(0, 2));
    expect(r.value).toBe('eos');

    const stop = generate(tf, model.config, model.weights, [1, 2, 3], (ids) => ids.map((i) => `<${i}>`).join(''), {
      ...GREEDY,
      maxNewTokens: 8,
      seed: 0,
      eosTokenIds: [],
      stopStrings: [`<${GOLDEN[1]}>`],
    });
    const texts: string[] = [];
    for await (const t of stop) texts.push(t.text);
    expect(texts.at(-1)).toBe(`<${GOLDEN[0]}>`);
  });
});
