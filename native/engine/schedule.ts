export type ScheduleKind = 'constant' | 'linear' | 'cosine';

/**
 * Learning rate at optimizer step `step` (0-based): linear warmup from 0 over `warmupSteps`, then
 * constant, linear decay to 0, or half-cosine decay to 0 at `totalSteps` (as transformers' schedulers).
 */
export function learningRate(kind: ScheduleKind, peak: number, step: number, warmupSteps: number, totalSteps: number): number {
  if (warmupSteps > 0 && step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  if (kind === 'constant') return peak;
  const span = Math.max(1, totalSteps - warmupSteps);
  const progress = Math.min(1, (step - warmupSteps) / span);
  if (kind === 'linear') return peak * (1 - progress);
  return peak * 0.5 * (1 + Math.cos(Math.PI * progress));
}
