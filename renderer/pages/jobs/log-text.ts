import type { Job, JobLog } from '../../../electron/contract/jobs.js';

/** One line per entry, ISO time first, so a saved log sorts and greps like any other. */
export function logText(lines: readonly JobLog[]): string {
  return lines.map((l) => `${new Date(l.t).toISOString()} ${l.level.padEnd(6)} ${l.message}`).join('\n') + (lines.length ? '\n' : '');
}

export function logFileName(job: Pick<Job, 'id' | 'kind'>): string {
  return `${job.kind}-${job.id.slice(0, 8)}.log`;
}
