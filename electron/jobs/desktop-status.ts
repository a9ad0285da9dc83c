import type { Job } from '../contract/jobs.js';

/** What the window shows for running jobs: its title, and the dock/taskbar bar (null = no bar). */
export interface DesktopView {
  title: string;
  progress: number | null;
}

/** A system notification for a job that finished or failed. */
export interface JobNotice {
  title: string;
  body: string;
}

const LABEL: Record<Job['kind'], string> = {
  selftest: 'Self-test',
  train: 'Training',
  generate: 'Generation',
  evaluate: 'Evaluation',
  export: 'Export',
  'import-data': 'Import',
  'validate-data': 'Validation',
  'prepare-data': 'Data preparation',
};

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * Turns `jobs:changed` into what the desktop shows (plain Node, so it is tested without Electron;
 * electron/main.ts applies it to the window and to Notification): the running job's progress in the
 * title and the dock/taskbar, and a notice when a job that ran here completes or fails. Cancelled
 * jobs get no notice: the user asked for it.
 */
export class DesktopStatus {
  private readonly running = new Map<string, Job>();

  constructor(private readonly appName: string) {}

  /** Takes one change; answers the notice to show, if any. */
  update(job: Job): JobNotice | null {
    const wasRunning = this.running.delete(job.id);
    if (job.state === 'running') this.running.set(job.id, job);
    if (!wasRunning) return null;
    const label = LABEL[job.kind];
    const took = job.startedAt !== null && job.finishedAt !== null ? ` in ${duration(job.finishedAt - job.startedAt)}` : '';
    if (job.state === 'completed') {
      const loss = (job.result as { finalLoss?: unknown } | null)?.finalLoss;
      return { title: `${label} finished`, body: `Completed${took}${typeof loss === 'number' ? `, final loss ${loss.toFixed(4)}` : ''}.` };
    }
    if (job.state === 'failed') return { title: `${label} failed`, body: job.error?.message ?? job.message ?? 'The job failed.' };
    return null;
  }

  view(): DesktopView {
    const jobs = [...this.running.values()];
    if (jobs.length === 0) return { title: this.appName, progress: null };
    const progress = jobs.reduce((a, j) => a + j.progress, 0) / jobs.length;
    const pct = `${Math.floor(progress * 100)}%`;
    const what = jobs.length === 1 ? LABEL[jobs[0]!.kind] : `${jobs.length} jobs`;
    return { title: `${pct} ${what} - ${this.appName}`, progress };
  }

  runningCount(): number {
    return this.running.size;
  }
}
