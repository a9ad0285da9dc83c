import { useMemo } from 'react';
import { Card } from '../../components/card';
import { useStudio } from '../../store/index';
import { shortId } from './job-labels';
import { SeriesChart, type StepSeries } from '../../charts/series-chart';

/** Loss curves of the selected training runs on one chart (validation loss dashed, same colour). */
export function CompareRuns() {
  const ids = useStudio((s) => s.compareIds);
  const curves = useStudio((s) => s.compareCurves);
  const clear = useStudio((s) => s.clearCompare);
  const jobs = useStudio((s) => s.jobs);
  const series = useMemo(() => {
    const out: StepSeries[] = [];
    ids.forEach((id, i) => {
      const c = curves[id];
      if (!c) return;
      const name = runName(jobs[id]?.spec, id);
      if (c.loss.length) out.push({ label: `${name} loss`, points: c.loss, colorIndex: i });
      if (c.val_loss.length) out.push({ label: `${name} val`, points: c.val_loss, colorIndex: i, dashed: true, showPoints: true });
    });
    return out;
  }, [ids, curves, jobs]);
  if (ids.length === 0) return null;
  return (
    <Card
      title={`Compare runs (${ids.length})`}
      className="compare-card"
      testId="compare-runs"
      aside={
        <button type="button" className="button button-small" onClick={clear}>
          Clear
        </button>
      }
    >
      {ids.length < 2 && <p className="muted small">Tick another training job's box to overlay its loss.</p>}
      {series.length === 0 ? <p className="muted small">No loss points yet.</p> : <SeriesChart series={series} label="Loss of the compared runs" testId="compare-chart" />}
    </Card>
  );
}

/** "lr 2e-4 · r16" — what usually tells runs apart — with the short id. */
export function runName(spec: unknown, id: string): string {
  const s = (spec ?? {}) as { learningRate?: number; lora?: { rank?: number }; method?: string };
  const parts = [shortId(id)];
  if (typeof s.learningRate === 'number') parts.push(`lr ${s.learningRate.toExponential(0)}`);
  if (s.method === 'full') parts.push('full');
  else if (typeof s.lora?.rank === 'number') parts.push(`r${s.lora.rank}`);
  return parts.join(' ');
}
