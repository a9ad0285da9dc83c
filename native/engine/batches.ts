import { Rng } from './rng.js';

export interface TrainExample {
  ids: number[];
  /** 1 where ids[t] is a completion token the loss should count. */
  targetMask: number[];
}

export interface Batch {
  ids: number[][];
  targetMask: number[][];
  attentionMask: number[][];
  tokens: number;
}

/**
 * The batches of one epoch, in a reproducible order: examples shuffled with a seed derived from
 * (seed, epoch), then grouped by length in windows of 50 batches so padding stays small, then the
 * batches shuffled again. Resuming needs only the epoch and the batch cursor.
 */
export function epochBatches(examples: readonly TrainExample[], batchSize: number, seed: number, epoch: number, padId: number): Batch[] {
  const rng = new Rng((seed * 1000003 + epoch) >>> 0);
  const order = rng.shuffle(examples.map((_, i) => i));
  const window = batchSize * 50;
  const groups: number[][] = [];
  for (let w = 0; w < order.length; w += window) {
    const chunk = order.slice(w, w + window).sort((a, b) => examples[a]!.ids.length - examples[b]!.ids.length);
    for (let i = 0; i < chunk.length; i += batchSize) groups.push(chunk.slice(i, i + batchSize));
  }
  rng.shuffle(groups);
  return groups.map((g) => padBatch(g.map((i) => examples[i]!), padId));
}

/** Right-pads to the longest example; padding is masked out of attention and loss. */
export function padBatch(examples: readonly TrainExample[], padId: number): Batch {
  const len = Math.max(...examples.map((e) => e.ids.length));
  const pad = <T>(xs: readonly T[], fill: T) => [...xs, ...new Array<T>(len - xs.length).fill(fill)];
  return {
    ids: examples.map((e) => pad(e.ids, padId)),
    targetMask: examples.map((e) => pad(e.targetMask, 0)),
    attentionMask: examples.map((e) => pad(new Array<number>(e.ids.length).fill(1), 0)),
    tokens: examples.reduce((n, e) => n + e.ids.length, 0),
  };
}
