import { describe, expect, it } from 'vitest';
import type { Job } from '../../../electron/contract/jobs.js';
import { DesktopStatus } from '../../../electron/jobs/desktop-status.js';

const job = (over: Partial<Job>): Job => ({
  id: 'j1', kind: 'train', state: 'running', spec: {}, progress: 0, message: null, result: null, error: null, createdAt: 0, startedAt: 1000, finishedAt: null, ...over,
});

describe('DesktopStatus (window title, dock progress, notifications)', () => {
  it('shows the running job in the title and progress bar, and clears them when it ends', () => {
    const d = new DesktopStatus('Finetune Studio');
    expect(d.view()).toEqual({ title: 'Finetune Studio', progress: null });
    expect(d.update(job({ progress: 0.42 }))).toBeNull();
    expect(d.view()).toEqual({ title: '42% Training - Finetune Studio', progress: 0.42 });
    d.update(job({ id: 'j2', kind: 'export', progress: 0.1 }));
    expect(d.view().title).toBe('26% 2 jobs - Finetune Studio');
    const notice = d.update(job({ state: 'completed', progress: 1, finishedAt: 73_000, result: { finalLoss: 0.123456 } }));
    expect(notice).toEqual({ title: 'Training finished', body: 'Completed in 1 min 12 s, final loss 0.1235.' });
    expect(d.update(job({ id: 'j2', kind: 'export', state: 'failed', error: { code: 'EXPORT_ERROR', message: 'llama.cpp refused it' } }))).toEqual({ title: 'Export failed', body: 'llama.cpp refused it' });
    expect(d.view()).toEqual({ title: 'Finetune Studio', progress: null });
  });

  it('notifies nothing for a cancel, or for a job it never saw running', () => {
    const d = new DesktopStatus('App');
    d.update(job({}));
    expect(d.update(job({ state: 'cancelled' }))).toBeNull();
    expect(d.update(job({ id: 'other', state: 'completed' }))).toBeNull();
  });
});
