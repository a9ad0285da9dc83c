import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../electron/contract/errors.js';
import { inverseFrequencies } from '../../engine/rope.js';
import { hfName } from '../../engine/weights.js';
import type { ModelConfig } from '../../models/hf-config.js';
import { ExternalDataWriter } from './external-data.js';
import { bytesOf, DataType, GraphBuilder, onnx, valueInfo } from './graph-builder.js';
import type { HfWeightSource } from './hf-weights.js';
import { quantizeInt8PerColumn } from './int8.js';
import * as N from './optimum-names.js';

export interface DecoderGraphOptions {
  /** Weight-only int8 for the seven projections (embedding, norms and lm_head stay F32). */
  int8: boolean;
  /** Test-only: rotate by −θ instead of θ, a plausible-looking bug the proof must catch. */
  breakRope?: boolean;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface DecoderGraphFiles {
  model: string;
  data: string;
  nodes: number;
  initializers: number;
  tied: boolean;
}

/**
 * Writes a Llama-family decoder (llama, qwen2, mistral) as one ONNX graph with past key values, in
 * Optimum's layout (optimum-names.ts), from standard opset-17 ops only, reproducing the engine's
 * decoderForward (native/engine/llama.ts) step for step:
 *
 * - RMSNorm from primitives: x · 1/sqrt(mean(x²) + eps) · w.
 * - RoPE from cos/sin tables [max_position_embeddings, headDim/2] (angles in float64 as rope.ts
 *   computes them, Llama-3 scaling included) gathered by position_ids; rotate-half written out on the halves.
 * - Keys/values concatenated after the past along the sequence axis: the concatenation is present.N.
 * - GQA: each key/value head repeated for its query heads (Unsqueeze, Expand, Reshape), HF's repeat_kv order.
 * - Additive mask: −1e9 where key j > query position (causal) plus −1e9 where attention_mask is 0, as the engine adds them.
 * - SwiGLU as gate · Sigmoid(gate) · up. A tied head reuses the embedding through Gemm(transB).
 *
 * Every weight goes to model.onnx.data (external data, always): model.onnx holds only the graph,
 * and weights stream to disk one tensor at a time whatever the model's size.
 */
export async function writeDecoderOnnx(dir: string, config: ModelConfig, weights: HfWeightSource, opts: DecoderGraphOptions): Promise<DecoderGraphFiles> {
  const { hiddenSize: H, numHeads: nH, numKvHeads: KV, headDim: hd, vocabSize: V, numLayers: L, intermediateSize: I } = config;
  if (config.attentionOutputBias || config.mlpBias) {
    throw new AppError('EXPORT_ERROR', 'o_proj or MLP biases (attention_bias on llama, mlp_bias) are not supported by the engine, so such a model cannot be proven: not exported');
  }
  const half = hd / 2;
  const groups = nH / KV;
  const F = DataType.FLOAT;
  const g = new GraphBuilder();
  const dataFile = path.join(dir, N.DATA_FILE);
  const data = await ExternalDataWriter.create(dataFile);
  const checkCancel = () => {
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'Export cancelled');
  };
  try {
    for (const name of [...N.optimumInputNames(L), ...N.optimumOutputNames(L)]) g.reserve(name);
    const external = async (name: string, values: Float32Array, dims: number[]) => g.addInitializer(await data.add(name, F, dims, bytesOf(values)));
    const vector = async (name: string, n: number) => external(name, await weights.read(name, [n]), [n]);

    /** x · W (+ b), W [in, out] from the checkpoint (LoRA merged); int8 weights go through DequantizeLinear. */
    const linear = async (x: string, name: string, out: number, inp: number, hint: string, bias?: string) => {
      const w = await weights.linear(name, out, inp);
      let wName: string;
      if (opts.int8) {
        const q = quantizeInt8PerColumn(w, inp, out);
        const qName = g.addInitializer(await data.add(`${name}.int8`, DataType.INT8, [inp, out], bytesOf(q.q)));
        const scale = await external(`${name}.scale`, q.scale, [out]);
        const zero = g.constant(`${name}.zero_point`, DataType.INT8, [out], q.zeroPoint);
        wName = g.op('DequantizeLinear', [qName, scale, zero], `${name}.dequantized`, { axis: 1 });
      } else {
        wName = await external(name, w, [inp, out]);
      }
      const y = g.op('MatMul', [x, wName], hint);
      return bias ? g.op('Add', [y, bias], `${hint}.biased`) : y;
    };

    const eps = g.float('rms_norm_eps', config.rmsNormEps);
    const one = g.float('one', 1);
    const rmsNorm = async (x: string, weight: string, hint: string) => {
      const w = await vector(weight, H);
      const mean = g.op('ReduceMean', [g.op('Mul', [x, x], `${hint}.sq`)], `${hint}.mean`, { axes: [-1], keepdims: 1 });
      const inv = g.op('Div', [one, g.op('Sqrt', [g.op('Add', [mean, eps], `${hint}.var_eps`)], `${hint}.rms`)], `${hint}.inv_rms`);
      return g.op('Mul', [g.op('Mul', [x, inv], `${hint}.normed`), w], hint);
    };

    // Positions of this call's queries are past .. total-1; keys are 0 .. total-1 (total from attention_mask, as Optimum sizes it).
    const seqLen = g.op('Shape', [N.INPUT_IDS], 'seq_len', { start: 1, end: 2 });
    const totalLen = g.op('Shape', [N.ATTENTION_MASK], 'total_len', { start: 1, end: 2 });
    const axis0 = g.int64('axis0', [0]);
    const total = g.op('Squeeze', [totalLen, axis0], 'total');
    const past = g.op('Squeeze', [g.op('Sub', [totalLen, seqLen], 'past_len')], 'past');
    const [zeroI, oneI] = [g.int64('zero_i64', [0], true), g.int64('one_i64', [1], true)];
    const queryPos = g.op('Range', [past, total, oneI], 'query_pos');
    const keyPos = g.op('Range', [zeroI, total, oneI], 'key_pos');
    const axis1 = g.int64('axis1', [1]);
    const visible = g.op('LessOrEqual', [g.op('Unsqueeze', [keyPos, axis0], 'key_pos_row'), g.op('Unsqueeze', [queryPos, axis1], 'query_pos_col')], 'causal_visible');
    const negBig = g.float('neg_1e9', -1e9);
    const causal = g.op('Where', [visible, g.float('zero', 0), negBig], 'causal_bias'); // [S, T]
    const maskF = g.op('Cast', [N.ATTENTION_MASK], 'mask_f32', { to: F });
    const padBias = g.op('Mul', [g.op('Sub', [one, maskF], 'mask_inv'), negBig], 'pad_bias'); // [B, T]
    const pad4 = g.op('Unsqueeze', [padBias, g.int64('axes12', [1, 2])], 'pad_bias4'); // [B, 1, 1, T]
    const bias = g.op('Add', [causal, pad4], 'attn_bias'); // [B, 1, S, T]

    // RoPE tables, gathered by position_ids into [B, 1, S, hd/2].
    const inv = inverseFrequencies(hd, config.ropeTheta, config.ropeScaling);
    const positions = config.maxPositionEmbeddings;
    const cosT = new Float32Array(positions * half);
    const sinT = new Float32Array(positions * half);
    for (let p = 0; p < positions; p++)
      for (let i = 0; i < half; i++) {
        const a = p * inv[i]!;
        cosT[p * half + i] = Math.cos(a);
        sinT[p * half + i] = Math.sin(a);
      }
    const cos = g.op('Unsqueeze', [g.op('Gather', [await external('rope.cos', cosT, [positions, half]), N.POSITION_IDS], 'cos_bsd'), axis1], 'cos');
    const sin = g.op('Unsqueeze', [g.op('Gather', [await external('rope.sin', sinT, [positions, half]), N.POSITION_IDS], 'sin_bsd'), axis1], 'sin');
    const splitHalves = g.int64('rope_split', [half, half]);
    /** rotate_half RoPE on [B, heads, S, hd]: (x1·cos − x2·sin, x2·cos + x1·sin). */
    const rope = (x: string, hint: string) => {
      const [x1, x2] = g.opN('Split', [x, splitHalves], [g.name(`${hint}.x1`), g.name(`${hint}.x2`)], { axis: 3 });
      const mul = (a: string, b: string, h: string) => g.op('Mul', [a, b], `${hint}.${h}`);
      const [x1c, x2s, x2c, x1s] = [mul(x1!, cos, 'x1c'), mul(x2!, sin, 'x2s'), mul(x2!, cos, 'x2c'), mul(x1!, sin, 'x1s')];
      const first = g.op(opts.breakRope ? 'Add' : 'Sub', [x1c, x2s], `${hint}.first`);
      const second = g.op(opts.breakRope ? 'Sub' : 'Add', [x2c, x1s], `${hint}.second`);
      return g.op('Concat', [first, second], hint, { axis: 3 });
    };

    const qShape = g.int64('q_heads_shape', [0, 0, nH, hd]);
    const kvShape = g.int64('kv_heads_shape', [0, 0, KV, hd]);
    const mergedShape = g.int64('merged_shape', [0, 0, nH * hd]);
    const gqa = groups === 1 ? null : { axis2: g.int64('axis2', [2]), expand: g.int64('repeat_kv_expand', [1, 1, groups, 1, 1]), shape: g.int64('repeat_kv_shape', [0, nH, -1, hd]) };
    const scale = g.float('attn_scale', 1 / Math.sqrt(hd));
    /** [B, S, heads·hd] -> [B, heads, S, hd] */
    const splitHeads = (x: string, shape: string, hint: string) => g.op('Transpose', [g.op('Reshape', [x, shape], `${hint}.bshd`)], hint, { perm: [0, 2, 1, 3] });
    /** [B, KV, T, hd] -> [B, KV·groups, T, hd] */
    const repeatKv = (x: string, hint: string) =>
      gqa ? g.op('Reshape', [g.op('Expand', [g.op('Unsqueeze', [x, gqa.axis2], `${hint}.5d`), gqa.expand], `${hint}.expanded`), gqa.shape], hint) : x;

    let h = g.op('Gather', [await external(hfName.embed, await weights.read(hfName.embed, [V, H]), [V, H]), N.INPUT_IDS], 'embeddings');
    const embedName = hfName.embed;
    for (let i = 0; i < L; i++) {
      checkCancel();
      const n = (part: string) => hfName.layer(i, part);
      const l = `l${i}`;
      const x = await rmsNorm(h, n('input_layernorm.weight'), `${l}.input_norm`);
      const projBias = async (proj: string, size: number) => (config.attentionBias ? vector(n(`self_attn.${proj}_proj.bias`), size) : undefined);
      const q = await linear(x, n('self_attn.q_proj.weight'), nH * hd, H, `${l}.q`, await projBias('q', nH * hd));
      const k = await linear(x, n('self_attn.k_proj.weight'), KV * hd, H, `${l}.k`, await projBias('k', KV * hd));
      const v = await linear(x, n('self_attn.v_proj.weight'), KV * hd, H, `${l}.v`, await projBias('v', KV * hd));
      const qh = rope(splitHeads(q, qShape, `${l}.q_heads`), `${l}.q_rope`);
      const kh = rope(splitHeads(k, kvShape, `${l}.k_heads`), `${l}.k_rope`);
      const vh = splitHeads(v, kvShape, `${l}.v_heads`);
      const keys = g.op('Concat', [N.pastKey(i), kh], '', { axis: 2 }, N.presentKey(i));
      const values = g.op('Concat', [N.pastValue(i), vh], '', { axis: 2 }, N.presentValue(i));
      const keysT = g.op('Transpose', [repeatKv(keys, `${l}.keys_rep`)], `${l}.keys_t`, { perm: [0, 1, 3, 2] });
      const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [qh, keysT], `${l}.qk`), scale], `${l}.qk_scaled`), bias], `${l}.scores`);
      const probs = g.op('Softmax', [scores], `${l}.probs`, { axis: -1 });
      const attn = g.op('MatMul', [probs, repeatKv(values, `${l}.values_rep`)], `${l}.attn`);
      const merged = g.op('Reshape', [g.op('Transpose', [attn], `${l}.attn_bshd`, { perm: [0, 2, 1, 3] }), mergedShape], `${l}.attn_merged`);
      h = g.op('Add', [h, await linear(merged, n('self_attn.o_proj.weight'), H, nH * hd, `${l}.o`)], `${l}.residual1`);
      const x2 = await rmsNorm(h, n('post_attention_layernorm.weight'), `${l}.post_norm`);
      const gate = await linear(x2, n('mlp.gate_proj.weight'), I, H, `${l}.gate`);
      const silu = g.op('Mul', [gate, g.op('Sigmoid', [gate], `${l}.gate_sigmoid`)], `${l}.gate_silu`);
      const up = await linear(x2, n('mlp.up_proj.weight'), I, H, `${l}.up`);
      const down = await linear(g.op('Mul', [silu, up], `${l}.swiglu`), n('mlp.down_proj.weight'), H, I, `${l}.down`);
      h = g.op('Add', [h, down], `${l}.residual2`);
      opts.onProgress?.((i + 1) / (L + 1));
    }
    checkCancel();
    const final = await rmsNorm(h, hfName.norm, 'final_norm');
    const tied = config.tieWordEmbeddings || !weights.has(hfName.lmHead);
    if (tied) {
      // lm_head = embeddingᵀ: Gemm(transB) reads the one stored [V, H] matrix; no second copy on disk.
      const flat = g.op('Reshape', [final, g.int64('flat_shape', [-1, H])], 'final_flat');
      const head = g.op('Gemm', [flat, embedName], 'logits_flat', { transB: 1 });
      const logitsShape = g.op('Concat', [g.op('Shape', [N.INPUT_IDS], 'ids_shape'), g.int64('vocab', [V])], 'logits_shape', { axis: 0 });
      g.op('Reshape', [head, logitsShape], '', {}, N.LOGITS);
    } else {
      const w = await external(hfName.lmHead, await weights.linear(hfName.lmHead, V, H), [H, V]);
      g.op('MatMul', [final, w], '', {}, N.LOGITS);
    }

    const kv = (name: string, seq: string) => valueInfo(name, F, [N.DIM.batch, KV, seq, hd]);
    const inputs = [
      valueInfo(N.INPUT_IDS, DataType.INT64, [N.DIM.batch, N.DIM.sequence]),
      valueInfo(N.ATTENTION_MASK, DataType.INT64, [N.DIM.batch, N.DIM.total]),
      valueInfo(N.POSITION_IDS, DataType.INT64, [N.DIM.batch, N.DIM.sequence]),
      ...Array.from({ length: L }, (_, i) => [kv(N.pastKey(i), N.DIM.past), kv(N.pastValue(i), N.DIM.past)]).flat(),
    ];
    const outputs = [
      valueInfo(N.LOGITS, F, [N.DIM.batch, N.DIM.sequence, V]),
      ...Array.from({ length: L }, (_, i) => [kv(N.presentKey(i), N.DIM.total), kv(N.presentValue(i), N.DIM.total)]).flat(),
    ];
    const model = onnx.ModelProto.create({
      irVersion: N.IR_VERSION,
      opsetImport: [{ domain: '', version: N.OPSET }],
      producerName: 'finetune-studio',
      docString: `${config.architecture} decoder with past key values (Optimum layout)${opts.int8 ? ', int8 weight-only projections' : ''}`,
      graph: { name: `${config.architecture}-decoder`, node: g.nodes, initializer: g.initializers, input: inputs, output: outputs },
    });
    await data.close();
    const modelFile = path.join(dir, N.MODEL_FILE);
    await fs.writeFile(modelFile, onnx.ModelProto.encode(model).finish());
    opts.onProgress?.(1);
    return { model: modelFile, data: dataFile, nodes: g.nodes.length, initializers: g.initializers.length, tied };
  } catch (err) {
    await data.close().catch(() => undefined);
    throw err;
  }
}
