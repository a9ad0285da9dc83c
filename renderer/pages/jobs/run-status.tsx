import type { Job } from '../../../electron/contract/jobs.js';
import { ProgressBar } from '../../components/progress-bar';
import { formatDuration } from '../../format/format-time';
import { useStudio } from '../../store/index';
import type { StepTime } from '../../store/runs-slice';
import { runProgress } from './run-progress';
import { useNow } from './use-now';

const NO_CLOCK: StepTime[] = [];

/** A training run at a glance: epoch, step, percent and the time left at the measured pace. */
export function RunStatus({ job }: { job: Job }) {
  const clock = useStudio((s) => s.stepClock[job.id] ?? NO_CLOCK);
  const lastLossStep = useStudio((s) => (s.metricsJobId === job.id ? (s.jobMetrics.loss?.at(-1)?.step ?? null) : null));
  const now = useNow(job.state === 'running');
  const p = runProgress(job, clock, lastLossStep, now);
  const pct = Math.round(p.fraction * 100);
  const eta = job.state === 'running' ? (p.etaMs === null ? 'measuring…' : formatDuration(p.etaMs)) : job.state === 'completed' ? 'done' : '—';
  return (
    <section className="run-status" data-testid="run-status" aria-label="Training progress">
      <dl className="stat-grid run-stats">
        <div className="stat">
          <dt>Epoch</dt>
          <dd className="stat-value" data-testid="run-epoch">
            {p.epoch ?? '—'}
            {p.epochs !== null && <span className="stat-unit"> / {p.epochs}</span>}
          </dd>
        </div>
        <div className="stat">
          <dt>Step</dt>
          <dd className="stat-value" data-testid="run-step">
            {p.step ?? '—'}
            {p.totalSteps !== null && <span className="stat-unit"> / {p.totalSteps}</span>}
          </dd>
        </div>
        <div className="stat">
          <dt>Progress</dt>
          <dd className="stat-value" data-testid="run-percent">
            {pct} <span className="stat-unit">%</span>
          </dd>
        </div>
        <div className="stat">
          <dt>Time left</dt>
          <dd className="stat-value" data-testid="run-eta">
            {eta}
          </dd>
          {p.stepMs !== null && job.state === 'running' && <dd className="stat-note">{formatDuration(p.stepMs)} per step</dd>}
        </div>
      </dl>
      <ProgressBar value={p.fraction} label="Training progress" tone={job.state === 'failed' ? 'danger' : job.state === 'completed' ? 'success' : 'info'} />
    </section>
  );
}
