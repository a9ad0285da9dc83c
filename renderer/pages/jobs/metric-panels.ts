import type { StepSeries } from '../../charts/series-chart';

type Points = { step: number; value: number }[];

export interface MetricPanel {
  id: string;
  title: string;
  series: StepSeries[];
  scientific?: boolean;
}

/** The panels shown (names as native/tasks/train.ts reports them); validation loss shares the loss chart so they can be compared. */
export function metricPanels(metrics: Record<string, Points>): MetricPanel[] {
  const has = (name: string) => (metrics[name]?.length ?? 0) > 0;
  const panels: MetricPanel[] = [];
  if (has('loss') || has('val_loss')) {
    const series: StepSeries[] = [];
    if (has('loss')) series.push({ label: 'Training loss', points: metrics.loss!, colorIndex: 0 });
    if (has('val_loss')) series.push({ label: 'Validation loss', points: metrics.val_loss!, colorIndex: 1, dashed: true, showPoints: true });
    panels.push({ id: 'loss', title: 'Loss', series });
  }
  if (has('lr')) panels.push({ id: 'lr', title: 'Learning rate', series: [{ label: 'Learning rate', points: metrics.lr!, colorIndex: 2 }], scientific: true });
  if (has('grad_norm')) panels.push({ id: 'grad_norm', title: 'Gradient norm', series: [{ label: 'Gradient norm', points: metrics.grad_norm!, colorIndex: 3 }] });
  if (has('tokens_per_s')) panels.push({ id: 'tokens_per_s', title: 'Tokens per second', series: [{ label: 'Tokens per second', points: metrics.tokens_per_s!, colorIndex: 4 }] });
  return panels;
}
