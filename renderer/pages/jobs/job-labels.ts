import type { Job, JobKind, JobState } from '../../../electron/contract/jobs.js';
import type { BadgeTone } from '../../components/badge';

export const KIND_LABELS: Record<JobKind, string> = {
  selftest: 'Self-test',
  train: 'Fine-tune',
  generate: 'Generate',
  evaluate: 'Evaluate',
  export: 'Export',
  'import-data': 'Import data',
  'validate-data': 'Validate data',
  'prepare-data': 'Prepare data',
};

export const STATE_TONES: Record<JobState, BadgeTone> = {
  pending: 'neutral',
  queued: 'neutral',
  running: 'info',
  completed: 'success',
  failed: 'danger',
  cancelled: 'warning',
  interrupted: 'warning',
};

/** Run time so far (running) or in total (finished); null before the job starts. */
export function jobDurationMs(job: Job, now: number): number | null {
  if (job.startedAt === null) return null;
  return (job.finishedAt ?? now) - job.startedAt;
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}
