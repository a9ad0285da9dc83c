import type * as tfTypes from '@tensorflow/tfjs';
import type { DecoderShape, DecoderWeights, ProjectionName } from '../engine/llama.js';
import { inverseFrequencies } from '../engine/rope.js';
import { loadNativeSgemm, type NativeSgemm } from '../runtimes/native-sgemm.js';

/**
 * The engine's forward pass (native/engine/llama.ts decoderForward) for generation, on host memory:
 * the same weights (engine layout [in, out], LoRA pairs folded in once: W + scale · A · B), the same
 * math (RMSNorm, rotate-half RoPE with float64 angles, grouped-query attention, SwiGLU), a KV cache
 * written in place. Why: a decode step is one token, where TF.js spends its time dispatching ~20 small
 * ops per layer rather than computing (6 ms per token on the 0.15M demo model; llama.cpp needs 0.4 ms).
 * Matrix products run on the native sgemm add-on with one thread when it is built, else in plain JS.
 */
interface Layer {
  inNorm: Float32Array;
  postNorm: Float32Array;
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
  o: Float32Array;
  qBias?: Float32Array;
  kBias?: Float32Array;
  vBias?: Float32Array;
  gate: Float32Array;
  up: Float32Array;
  down: Float32Array;
}

type Matmul = (a: Float32Array, b: Float32Array, m: number, k: number, n: number) => Float32Array;

function jsMatmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  const c = new Float32Array(m * n);
  for (let r = 0; r < m; r++) {
    const row = r * n;
    for (let i = 0; i < k; i++) {
      const x = a[r * k + i]!;
      if (x === 0) continue;
      const off = i * n;
      for (let j = 0; j < n; j++) c[row + j]! += x * b[off + j]!;
    }
  }
  return c;
}

function nativeMatmul(addon: NativeSgemm): Matmul {
  return (a, b, m, k, n) => {
    const c = new Float32Array(m * n);
    addon.sgemm(a, b, c, 1, m, n, k, false, false, 0, 0, 1);
    return c;
  };
}

export class HostDecoder {
  readonly kernel: string;
  private readonly matmul: Matmul;
  private readonly inv: Float32Array;
  private keys: Float32Array[];
  private values: Float32Array[];
  /** Positions the caches hold now; they double as a conversation grows (a 32k-context model would
   * otherwise reserve hundreds of MB of cache for a short answer). */
  private capacity: number;
  length = 0;

  private constructor(
    private readonly shape: DecoderShape & { intermediateSize: number },
    private readonly embed: Float32Array,
    private readonly layers: Layer[],
    private readonly norm: Float32Array,
    private readonly lmHead: Float32Array,
    readonly maxPositions: number,
  ) {
    const sgemm = loadNativeSgemm();
    this.matmul = sgemm.ok ? nativeMatmul(sgemm.addon) : jsMatmul;
    this.kernel = sgemm.ok ? 'native sgemm, 1 thread' : 'JS';
    this.inv = inverseFrequencies(shape.headDim, shape.ropeTheta, shape.ropeScaling);
    this.capacity = Math.min(maxPositions, 256);
    const kvWidth = shape.numKvHeads * shape.headDim;
    this.keys = layers.map(() => new Float32Array(this.capacity * kvWidth));
    this.values = layers.map(() => new Float32Array(this.capacity * kvWidth));
  }

  /** Copies the engine's weights to host memory, with each LoRA pair folded into its projection. */
  static async fromEngine(shape: DecoderShape & { intermediateSize: number }, w: DecoderWeights, maxPositions: number): Promise<HostDecoder> {
    const data = async (t: tfTypes.Tensor) => Float32Array.from((await t.data()) as Float32Array);
    const layers: Layer[] = [];
    for (const l of w.layers) {
      const proj = async (name: ProjectionName, t: tfTypes.Tensor2D) => {
        const m = await data(t);
        const pair = l.adapters?.[name];
        if (!pair) return m;
        const [inp, r] = pair.a.shape;
        const out = pair.b.shape[1];
        const a = await data(pair.a);
        const b = await data(pair.b);
        // W [in, out] += scale · A [in, r] · B [r, out]
        for (let i = 0; i < inp; i++)
          for (let k = 0; k < r; k++) {
            const av = a[i * r + k]! * pair.scale;
            if (av === 0) continue;
            for (let j = 0; j < out; j++) m[i * out + j]! += av * b[k * out + j]!;
          }
        return m;
      };
      layers.push({
        inNorm: await data(l.inputNorm),
        postNorm: await data(l.postNorm),
        q: await proj('q', l.q),
        k: await proj('k', l.k),
        v: await proj('v', l.v),
        o: await proj('o', l.o),
        qBias: l.qBias && (await data(l.qBias)),
        kBias: l.kBias && (await data(l.kBias)),
        vBias: l.vBias && (await data(l.vBias)),
        gate: await proj('gate', l.gate),
        up: await proj('up', l.up),
        down: await proj('down', l.down),
      });
    }
    return new HostDecoder(shape, await data(w.embed), layers, await data(w.norm), await data(w.lmHead), maxPositions);
  }

  reset(): void {
    this.length = 0;
  }

  private rmsNorm(x: Float32Array, rows: number, weight: Float32Array): Float32Array {
    const h = this.shape.hiddenSize;
    const out = new Float32Array(x.length);
    for (let r = 0; r < rows; r++) {
      let ss = 0;
      for (let i = 0; i < h; i++) ss += x[r * h + i]! * x[r * h + i]!;
      const s = 1 / Math.sqrt(ss / h + this.shape.rmsNormEps);
      for (let i = 0; i < h; i++) out[r * h + i] = x[r * h + i]! * s * weight[i]!;
    }
    return out;
  }

  /** Rotate-half RoPE in place on [rows, heads·hd] at positions start..start+rows-1. */
  private rope(x: Float32Array, rows: number, heads: number, start: number): void {
    const hd = this.shape.headDim;
    const half = hd / 2;
    for (let r = 0; r < rows; r++) {
      const p = start + r;
      for (let i = 0; i < half; i++) {
        const a = p * this.inv[i]!;
        const c = Math.fround(Math.cos(a));
        const s = Math.fround(Math.sin(a));
        for (let hh = 0; hh < heads; hh++) {
          const o = r * heads * hd + hh * hd;
          const x1 = x[o + i]!;
          const x2 = x[o + i + half]!;
          x[o + i] = x1 * c - x2 * s;
          x[o + i + half] = x2 * c + x1 * s;
        }
      }
    }
  }

  /** Runs `ids` after the cached positions; returns the logits of the last one. */
  forward(ids: readonly number[]): Float32Array {
    const { hiddenSize: h, numHeads: nh, numKvHeads: nkv, headDim: hd, intermediateSize: inter, vocabSize: vocab } = this.shape;
    const t = ids.length;
    const start = this.length;
    if (start + t > this.maxPositions) throw new Error(`context full (${this.maxPositions} positions)`);
    const kvw = nkv * hd;
    if (start + t > this.capacity) {
      let cap = this.capacity;
      while (cap < start + t) cap *= 2;
      cap = Math.min(cap, this.maxPositions);
      const grow = (old: Float32Array) => {
        const next = new Float32Array(cap * kvw);
        next.set(old.subarray(0, start * kvw));
        return next;
      };
      this.keys = this.keys.map(grow);
      this.values = this.values.map(grow);
      this.capacity = cap;
    }
    const groups = nh / nkv;
    const scale = 1 / Math.sqrt(hd);
    const x = new Float32Array(t * h);
    ids.forEach((id, r) => x.set(this.embed.subarray(id * h, id * h + h), r * h));
    const addBias = (m: Float32Array, bias: Float32Array | undefined, width: number) => {
      if (bias) for (let i = 0; i < m.length; i++) m[i]! += bias[i % width]!;
    };
    this.layers.forEach((l, li) => {
      const n = this.rmsNorm(x, t, l.inNorm);
      const q = this.matmul(n, l.q, t, h, nh * hd);
      const k = this.matmul(n, l.k, t, h, kvw);
      const v = this.matmul(n, l.v, t, h, kvw);
      addBias(q, l.qBias, nh * hd);
      addBias(k, l.kBias, kvw);
      addBias(v, l.vBias, kvw);
      this.rope(q, t, nh, start);
      this.rope(k, t, nkv, start);
      const K = this.keys[li]!;
      const V = this.values[li]!;
      K.set(k, start * kvw);
      V.set(v, start * kvw);
      const attn = new Float32Array(t * nh * hd);
      const scores = new Float32Array(start + t);
      for (let r = 0; r < t; r++) {
        const visible = start + r + 1;
        for (let hh = 0; hh < nh; hh++) {
          const g = Math.floor(hh / groups);
          const qo = r * nh * hd + hh * hd;
          let max = -Infinity;
          for (let j = 0; j < visible; j++) {
            let dot = 0;
            const ko = j * kvw + g * hd;
            for (let d = 0; d < hd; d++) dot += q[qo + d]! * K[ko + d]!;
            const sc = dot * scale;
            scores[j] = sc;
            if (sc > max) max = sc;
          }
          let sum = 0;
          for (let j = 0; j < visible; j++) sum += scores[j] = Math.exp(scores[j]! - max);
          const out = attn.subarray(qo, qo + hd);
          for (let j = 0; j < visible; j++) {
            const p = scores[j]! / sum;
            const vo = j * kvw + g * hd;
            for (let d = 0; d < hd; d++) out[d]! += p * V[vo + d]!;
          }
        }
      }
      const o = this.matmul(attn, l.o, t, nh * hd, h);
      for (let i = 0; i < x.length; i++) x[i]! += o[i]!;
      const n2 = this.rmsNorm(x, t, l.postNorm);
      const gate = this.matmul(n2, l.gate, t, h, inter);
      const up = this.matmul(n2, l.up, t, h, inter);
      for (let i = 0; i < gate.length; i++) gate[i] = (gate[i]! / (1 + Math.exp(-gate[i]!))) * up[i]!;
      const down = this.matmul(gate, l.down, t, inter, h);
      for (let i = 0; i < x.length; i++) x[i]! += down[i]!;
    });
    this.length = start + t;
    const last = this.rmsNorm(x.subarray((t - 1) * h), 1, this.norm);
    return this.matmul(last, this.lmHead, 1, h, vocab);
  }
}
