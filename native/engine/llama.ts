import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../runtimes/tfjs.js';
import { frozenLinear, matMul2, scoresMatMul, valuesMatMul } from './fast-matmul.js';
import { applyRope, inverseFrequencies, ropeTables, type RopeScaling } from './rope.js';

type T1 = tfTypes.Tensor1D;
type T2 = tfTypes.Tensor2D;
type T4 = tfTypes.Tensor4D;

/** What the forward pass needs of a model's config (a Llama-family decoder). */
export interface DecoderShape {
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  vocabSize: number;
  rmsNormEps: number;
  ropeTheta: number;
  ropeScaling?: RopeScaling | null;
}

/**
 * Linear weights are kept as [in, out] (the transpose of Hugging Face's [out, in]) so a projection
 * is a plain matMul: on TF.js wasm, matMul with transpose flags is 10x slower (FACTS.md).
 */
export const PROJECTIONS = ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] as const;
export type ProjectionName = (typeof PROJECTIONS)[number];

/** A LoRA pair on one projection: y += dropout(x) · A · B · scale, A [in, r], B [r, out]. */
export interface LoraPair {
  a: T2;
  b: T2;
  scale: number;
}

export interface LayerWeights {
  inputNorm: T1;
  postNorm: T1;
  q: T2;
  k: T2;
  v: T2;
  o: T2;
  qBias?: T1;
  kBias?: T1;
  vBias?: T1;
  gate: T2;
  up: T2;
  down: T2;
  adapters?: Partial<Record<ProjectionName, LoraPair>>;
}

export interface DecoderWeights {
  embed: T2; // [vocab, hidden], rows looked up by token id
  layers: LayerWeights[];
  norm: T1;
  lmHead: T2; // [hidden, vocab]
  /** lm_head is embedᵀ: when the embedding trains, the head must follow it. */
  tied?: boolean;
}

/** Base weights become tf.Variables only for full fine-tuning; LoRA leaves them plain tensors. */
function isTrainable(t: tfTypes.Tensor): boolean {
  return (t as tfTypes.Variable).trainable === true;
}

/** Keys and values of earlier positions, per layer, each [B, kvHeads, Tpast, headDim]. */
export interface KvCache {
  keys: T4[];
  values: T4[];
  length: number;
}

export interface ForwardOptions {
  /** 1 for real tokens, 0 for padding, [B, Tpast + T]; absent means no padding. */
  attentionMask?: T2;
  cache?: KvCache;
  /** LoRA dropout while training; a fresh seed per step keeps runs reproducible. */
  dropout?: { rate: number; seed: number };
}

export interface ForwardResult {
  logits: tfTypes.Tensor3D; // [B, T, vocab]
  cache: KvCache;
}

export function rmsNorm(tf: Tf, x: tfTypes.Tensor, weight: T1, eps: number): tfTypes.Tensor {
  const variance = tf.mean(tf.square(x), -1, true);
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(variance, eps))), weight);
}

function linear(tf: Tf, x2d: T2, w: T2, bias?: T1, lora?: LoraPair, dropout?: ForwardOptions['dropout']): T2 {
  let y = isTrainable(w) ? matMul2(tf, x2d, w) : frozenLinear(tf, x2d, w);
  if (bias) y = tf.add(y, bias) as T2;
  if (lora) {
    const x = dropout && dropout.rate > 0 ? (tf.dropout(x2d, dropout.rate, undefined, dropout.seed) as T2) : x2d;
    y = tf.add(y, tf.mul(matMul2(tf, matMul2(tf, x, lora.a), lora.b), lora.scale)) as T2;
  }
  return y;
}

/** [B*T, heads*hd] -> [B, heads, T, hd] */
function splitHeads(tf: Tf, x: T2, b: number, t: number, heads: number, hd: number): T4 {
  return tf.transpose(tf.reshape(x, [b, t, heads, hd]), [0, 2, 1, 3]);
}

/** Additive mask [B, 1, T, Tpast+T]: 0 where query i may see key j (causal, not padding), -1e9 elsewhere. */
function attentionBias(tf: Tf, b: number, t: number, past: number, mask?: T2): tfTypes.Tensor {
  const total = past + t;
  const causal = new Float32Array(t * total);
  for (let i = 0; i < t; i++) for (let j = 0; j < total; j++) causal[i * total + j] = j <= past + i ? 0 : -1e9;
  const c = tf.tensor4d(causal, [1, 1, t, total]);
  if (!mask) return c;
  const pad = tf.mul(tf.sub(1, tf.reshape(tf.cast(mask, 'float32'), [b, 1, 1, total])), -1e9);
  return tf.add(c, pad);
}

/**
 * One forward pass of a Llama-family decoder (llama, qwen2, mistral) over `ids` [B, T], continuing
 * from `cache` when given. Positions continue from the cache length. Matches Hugging Face's
 * LlamaForCausalLM: RMSNorm, rotate-half RoPE, grouped-query attention, SwiGLU MLP.
 */
export function decoderForward(tf: Tf, shape: DecoderShape, w: DecoderWeights, ids: T2, opts: ForwardOptions = {}): ForwardResult {
  const [b, t] = ids.shape;
  const past = opts.cache?.length ?? 0;
  const { numHeads, numKvHeads, headDim, hiddenSize } = shape;
  const inv = inverseFrequencies(headDim, shape.ropeTheta, shape.ropeScaling);
  const tables = ropeTables(tf, past + t, headDim, inv);
  const cos = tf.slice(tables.cos, [past, 0], [t, headDim]);
  const sin = tf.slice(tables.sin, [past, 0], [t, headDim]);
  const bias = attentionBias(tf, b, t, past, opts.attentionMask);
  const scale = 1 / Math.sqrt(headDim);
  // Grouped-query attention without copying keys: the query heads that share key/value head j
  // are consecutive, so [B, H, T, hd] folds into [B, kvHeads, groups·T, hd], and the mask is tiled
  // to match, once for all layers. Avoids a rank-5 tile, whose gradient TF.js lacks; concat, as
  // wasm's Tile is a slow per-element loop (~50 ms for a 256×256 mask).
  const groups = numHeads / numKvHeads;
  const groupBias = groups === 1 ? bias : tf.concat(new Array<tfTypes.Tensor>(groups).fill(bias), 2);

  let h = tf.reshape(tf.gather(w.embed, tf.reshape(ids, [-1])), [b * t, hiddenSize]) as T2;
  const keys: T4[] = [];
  const values: T4[] = [];
  w.layers.forEach((layer, i) => {
    const ad = layer.adapters ?? {};
    const drop = opts.dropout ? { rate: opts.dropout.rate, seed: opts.dropout.seed + i * 7 } : undefined;
    const n = rmsNorm(tf, h, layer.inputNorm, shape.rmsNormEps) as T2;
    const q = applyRope(tf, splitHeads(tf, linear(tf, n, layer.q, layer.qBias, ad.q, drop), b, t, numHeads, headDim), cos, sin);
    let k = applyRope(tf, splitHeads(tf, linear(tf, n, layer.k, layer.kBias, ad.k, drop), b, t, numKvHeads, headDim), cos, sin);
    let v = splitHeads(tf, linear(tf, n, layer.v, layer.vBias, ad.v, drop), b, t, numKvHeads, headDim);
    if (opts.cache) {
      k = tf.concat([opts.cache.keys[i]!, k], 2);
      v = tf.concat([opts.cache.values[i]!, v], 2);
    }
    keys.push(k);
    values.push(v);
    const qg = groups === 1 ? q : tf.reshape(q, [b, numKvHeads, groups * t, headDim]);
    const scores = tf.add(tf.mul(scoresMatMul(tf, qg as T4, k), scale), groupBias);
    const attn = tf.reshape(valuesMatMul(tf, tf.softmax(scores) as T4, v), [b, numHeads, t, headDim]);
    const merged = tf.reshape(tf.transpose(attn, [0, 2, 1, 3]), [b * t, numHeads * headDim]) as T2;
    h = tf.add(h, linear(tf, merged, layer.o, undefined, ad.o, drop)) as T2;
    const n2 = rmsNorm(tf, h, layer.postNorm, shape.rmsNormEps) as T2;
    const gate = linear(tf, n2, layer.gate, undefined, ad.gate, drop);
    const swiglu = tf.mul(tf.mul(gate, tf.sigmoid(gate)), linear(tf, n2, layer.up, undefined, ad.up, drop)) as T2; // SiLU(gate) * up
    const mlp = linear(tf, swiglu, layer.down, undefined, ad.down, drop);
    h = tf.add(h, mlp) as T2;
  });
  const final = rmsNorm(tf, h, w.norm, shape.rmsNormEps) as T2;
  const head = w.tied && isTrainable(w.embed) ? matMul2(tf, final, tf.transpose(w.embed)) : linear(tf, final, w.lmHead);
  const logits = tf.reshape(head, [b, t, shape.vocabSize]) as tfTypes.Tensor3D;
  return { logits, cache: { keys, values, length: past + t } };
}
