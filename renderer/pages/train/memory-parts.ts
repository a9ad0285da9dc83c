import type { TrainEstimate } from '../../../electron/contract/jobs.js';

export interface MemoryPart {
  key: 'weights' | 'adapter' | 'gradients' | 'optimizer' | 'activations' | 'engine' | 'runtime';
  label: string;
  bytes: number;
  /** Share of the bar (0..1): the bar spans the larger of the need and what is available. */
  share: number;
}

const LABELS: Record<MemoryPart['key'], string> = {
  weights: 'Weights',
  adapter: 'Trainable',
  gradients: 'Gradients',
  optimizer: 'Optimizer state',
  activations: 'Activations',
  engine: 'Engine copies',
  runtime: 'Runtime working memory',
};

/**
 * The estimate as bar segments. The bar's full width is max(total, available), so a run that fits
 * leaves the rest of the bar free and one that does not runs past the "available" marker.
 */
export function memoryParts(e: TrainEstimate): { parts: MemoryPart[]; scale: number; availableShare: number } {
  const bytes: Record<MemoryPart['key'], number> = {
    weights: e.weightsBytes,
    adapter: e.adapterBytes,
    gradients: e.gradientBytes,
    optimizer: e.optimizerBytes,
    activations: e.activationBytes,
    engine: e.engineCopiesBytes,
    runtime: e.runtimeBytes,
  };
  const scale = Math.max(e.totalBytes, e.availableRamBytes, 1);
  const parts = (Object.keys(bytes) as MemoryPart['key'][])
    .filter((k) => bytes[k] > 0)
    .map((k) => ({ key: k, label: LABELS[k], bytes: bytes[k], share: bytes[k] / scale }));
  return { parts, scale, availableShare: Math.min(1, e.availableRamBytes / scale) };
}
