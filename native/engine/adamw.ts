import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../runtimes/tfjs.js';

export interface AdamWConfig {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

export const ADAMW_DEFAULTS: AdamWConfig = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };

/** Moments per parameter and the step count: everything a checkpoint needs to resume exactly. */
export interface AdamWState {
  step: number;
  m: Record<string, Float32Array>;
  v: Record<string, Float32Array>;
}

/**
 * AdamW with decoupled weight decay (Loshchilov & Hutter; torch.optim.AdamW's order: decay the
 * weights, then the bias-corrected Adam step). Parameters are tf.Variables updated in place.
 */
export class AdamW {
  private readonly m = new Map<string, tfTypes.Variable>();
  private readonly v = new Map<string, tfTypes.Variable>();
  step = 0;

  constructor(
    private readonly tf: Tf,
    private readonly params: ReadonlyMap<string, tfTypes.Variable>,
    private readonly cfg: AdamWConfig = ADAMW_DEFAULTS,
  ) {
    for (const [name, p] of params) {
      this.m.set(name, tf.variable(tf.zerosLike(p), false));
      this.v.set(name, tf.variable(tf.zerosLike(p), false));
    }
  }

  apply(grads: ReadonlyMap<string, tfTypes.Tensor>, lr: number): void {
    const { tf, cfg } = this;
    this.step++;
    const bc1 = 1 - Math.pow(cfg.beta1, this.step);
    const bc2 = 1 - Math.pow(cfg.beta2, this.step);
    tf.tidy(() => {
      for (const [name, p] of this.params) {
        const g = grads.get(name);
        if (!g) continue;
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        m.assign(tf.add(tf.mul(m, cfg.beta1), tf.mul(g, 1 - cfg.beta1)));
        v.assign(tf.add(tf.mul(v, cfg.beta2), tf.mul(tf.square(g), 1 - cfg.beta2)));
        const update = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), cfg.eps));
        p.assign(tf.sub(tf.mul(p, 1 - lr * cfg.weightDecay), tf.mul(update, lr)));
      }
    });
  }

  async state(): Promise<AdamWState> {
    const m: Record<string, Float32Array> = {};
    const v: Record<string, Float32Array> = {};
    for (const name of this.params.keys()) {
      m[name] = (await this.m.get(name)!.data()) as Float32Array;
      v[name] = (await this.v.get(name)!.data()) as Float32Array;
    }
    return { step: this.step, m, v };
  }

  load(state: AdamWState): void {
    for (const name of this.params.keys()) {
      const m = state.m[name];
      const v = state.v[name];
      if (!m || !v) throw new Error(`optimizer state has no moments for ${name}`);
      this.m.get(name)!.assign(this.tf.tensor(m, this.params.get(name)!.shape));
      this.v.get(name)!.assign(this.tf.tensor(v, this.params.get(name)!.shape));
    }
    this.step = state.step;
  }

  dispose(): void {
    this.tf.dispose([...this.m.values(), ...this.v.values()]);
  }
}
