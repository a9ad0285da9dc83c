/**
 * The compute worker: a child process forked by main per job (DESIGN.md). It receives one `start`,
 * runs that task, reports by messages only, and exits. Cancel aborts the task's signal; main kills
 * the process if it does not stop within its grace period.
 */
import { AppError, toErrorShape } from '../electron/contract/errors.js';
import { FromWorker, ToWorker } from './protocol.js';
import { tasks } from './tasks/index.js';
import { reporterFor } from './tasks/task.js';

if (!process.send) {
  process.stderr.write('native/worker must be started by the app (child_process.fork)\n');
  process.exit(2);
}

const abort = new AbortController();
let started = false;

function send(msg: FromWorker): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) return resolve();
    process.send!(msg, undefined, {}, () => resolve());
  });
}

async function run(kind: ToWorker & { type: 'start' }): Promise<void> {
  const task = tasks[kind.kind];
  try {
    const result = await task(kind.spec, { signal: abort.signal, report: reporterFor((m) => void send(m)) });
    await send({ type: 'done', result });
    process.exit(0);
  } catch (err) {
    const shape = abort.signal.aborted ? { code: 'CANCELLED' as const, message: 'Cancelled' } : toErrorShape(err);
    await send({ type: 'failed', ...shape });
    process.exit(1);
  }
}

process.on('message', (raw: unknown) => {
  const parsed = ToWorker.safeParse(raw);
  if (!parsed.success) {
    void send({ type: 'log', level: 'ERROR', message: `worker ignored an invalid message: ${parsed.error.message}` });
    return;
  }
  const msg = parsed.data;
  if (msg.type === 'cancel') {
    abort.abort(new AppError('CANCELLED', 'Cancelled'));
    return;
  }
  if (started) return;
  started = true;
  void run(msg);
});

// Without main there is nobody to report to: stop rather than compute for nothing.
process.on('disconnect', () => process.exit(0));
