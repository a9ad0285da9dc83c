/**
 * `npm run demo`: the main job headless on the bundled defaults. Until the training engine lands
 * (issue 3) that job is the compute self-test: load a TF.js backend in a worker, multiply, check.
 */
import { toErrorShape } from './contract/errors.js';
import type { Job } from './contract/jobs.js';
import { dataDir } from './paths.js';
import { Services } from './services.js';

async function main(): Promise<void> {
  const services = new Services({ dataDir: dataDir(), mode: 'web' });
  try {
    const job = services.scheduler.submit({ kind: 'selftest', spec: { size: 512 } });
    process.stderr.write(`job ${job.id} queued\n`);
    const done = await new Promise<Job>((resolve) => {
      services.hub.subscribe(
        {
          id: 'demo',
          send: (event, payload) => {
            if (event !== 'jobs:changed') return;
            const j = payload as Job;
            if (j.id !== job.id) return;
            process.stderr.write(`  ${j.state} ${(j.progress * 100).toFixed(0)}% ${j.message ?? ''}\n`);
            if (['completed', 'failed', 'cancelled'].includes(j.state)) resolve(j);
          },
        },
        'jobs:changed',
      );
    });
    process.stdout.write(`${JSON.stringify({ id: done.id, state: done.state, result: done.result, error: done.error })}\n`);
    process.exitCode = done.state === 'completed' ? 0 : 1;
  } finally {
    await services.close();
  }
}

main().catch((err: unknown) => {
  process.stdout.write(`${JSON.stringify(toErrorShape(err))}\n`);
  process.exit(1);
});
