import { describe, expect, it } from 'vitest';
import { spawnWorker } from '../../../electron/jobs/worker-host.js';
import type { FromWorker } from '../../../native/protocol.js';
import { builtWorker, fixtureWorker } from '../../helpers/fixtures.js';

function run(name: string, spec: unknown = {}, graceMs = 2000) {
  const w = spawnWorker({ entry: name.includes('/') ? name : fixtureWorker(name), graceMs });
  const messages: FromWorker[] = [];
  w.onMessage((m) => messages.push(m));
  w.start('selftest', spec);
  return { w, messages };
}

describe('worker host', () => {
  it('collects progress, metrics and logs, then the result of a worker that finishes', async () => {
    const { w, messages } = run('cooperative', { steps: 3 });
    const outcome = await w.finished;
    expect(outcome).toEqual({ status: 'done', result: { steps: 3, pid: w.pid } });
    expect(messages.filter((m) => m.type === 'progress').map((m) => m.type === 'progress' && m.progress)).toEqual([1 / 3, 2 / 3, 1]);
    expect(messages.filter((m) => m.type === 'metric')).toHaveLength(3);
    expect(messages[0]).toEqual({ type: 'log', level: 'INFO', message: 'started selftest' });
  });

  it('turns a non-zero exit into a failure that gives the exit code and the last stderr line', async () => {
    const outcome = await run('crash-on-start').w.finished;
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'failed') return;
    expect(outcome.error.code).toBe('INTERNAL_ERROR');
    expect(outcome.error.message).toMatch(/exited with code 3/);
    expect(outcome.error.message).toMatch(/segment 7 exploded/);
  });

  it('reports a worker killed by a signal as failed with the signal', async () => {
    const { w, messages } = run('sigkill-self');
    const outcome = await w.finished;
    expect(messages.some((m) => m.type === 'progress')).toBe(true);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'INTERNAL_ERROR', details: { signal: 'SIGKILL' } } });
    if (outcome.status === 'failed') expect(outcome.error.message).toMatch(/killed by SIGKILL/);
  });

  it('recognises running out of memory as RESOURCE_EXHAUSTED with advice', async () => {
    const outcome = await run('out-of-memory').w.finished;
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'RESOURCE_EXHAUSTED' } });
    if (outcome.status === 'failed') expect(outcome.error.message).toMatch(/smaller batch size/);
  });

  it('keeps a failure the worker reported itself, with its own code', async () => {
    const outcome = await run('fails-cleanly').w.finished;
    expect(outcome).toEqual({ status: 'failed', error: { code: 'MODEL_ERROR', message: 'config.json: unsupported architecture "gpt-j"' } });
  });

  it('cancels a cooperative worker by message, well inside the grace period', async () => {
    const { w, messages } = run('cooperative', { steps: 1000 }, 5000);
    while (!messages.some((m) => m.type === 'progress')) await new Promise((r) => setTimeout(r, 10));
    const t0 = Date.now();
    const outcome = await w.cancel();
    expect(outcome).toEqual({ status: 'cancelled' });
    expect(Date.now() - t0).toBeLessThan(4000);
  });

  it('kills a worker that ignores cancel once the grace period is over', async () => {
    const { w, messages } = run('ignores-cancel', {}, 300);
    while (messages.length === 0) await new Promise((r) => setTimeout(r, 10));
    const outcome = await w.cancel();
    expect(outcome).toEqual({ status: 'cancelled' });
    expect(w.pid).toBeGreaterThan(0);
    expect(() => process.kill(w.pid!, 0)).toThrow(); // the process is gone
  });

  it('ignores malformed messages from a worker instead of crashing', async () => {
    const { w, messages } = run('bad-messages');
    expect(await w.finished).toEqual({ status: 'done', result: 42 });
    expect(messages.map((m) => m.type)).toEqual(['done']);
  });

  it('fails cleanly when the entry does not exist', async () => {
    const outcome = await run('/nonexistent/worker.js').w.finished;
    expect(outcome.status).toBe('failed');
    if (outcome.status === 'failed') expect(outcome.error.message).toMatch(/code 1/);
  });

  it('runs the real self-test in the built worker and checks the matmul answer', async () => {
    const { w, messages } = run(builtWorker, { size: 128 });
    const outcome = await w.finished;
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    const result = outcome.result as { backend: string; checksum: number; expectedChecksum: number; gflops: number };
    expect(['tfjs-node-gpu', 'tfjs-node', 'wasm']).toContain(result.backend);
    expect(result.checksum).toBe(128 * 128);
    expect(result.gflops).toBeGreaterThan(0);
    expect(messages.some((m) => m.type === 'log' && /loaded with backend/.test(m.message))).toBe(true);
  });

  it('reports a forced backend that is not installed as the job failure, with no silent fallback', async () => {
    const outcome = await run(builtWorker, { size: 64, backend: 'tfjs-node-gpu' }).w.finished;
    // On a machine with CUDA and tfjs-node-gpu this loads; here (FACTS.md) the package is absent.
    if (outcome.status === 'done') {
      expect((outcome.result as { backend: string }).backend).toBe('tfjs-node-gpu');
    } else {
      expect(outcome).toMatchObject({ status: 'failed', error: { code: 'INTERNAL_ERROR' } });
      if (outcome.status === 'failed') expect(outcome.error.message).toMatch(/tfjs-node-gpu/);
    }
  });
});
