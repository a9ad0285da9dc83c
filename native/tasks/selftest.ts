import { AppError } from '../../electron/contract/errors.js';
import { SelftestSpec, type SelftestResult } from '../../electron/contract/jobs.js';
import { loadTf } from '../runtimes/tfjs.js';
import type { TaskContext } from './task.js';

/** Loads a TF.js backend, multiplies two matrices and checks the answer: proof that compute works here. */
export async function selftest(rawSpec: unknown, { signal, report }: TaskContext): Promise<SelftestResult> {
  const spec = SelftestSpec.parse(rawSpec);
  report.progress(0.05, 'Loading TF.js backend');
  const { tf, backend, version } = await loadTf(spec.backend);
  report.log('INFO', `TF.js ${version} loaded with backend ${backend}`);
  if (signal.aborted) throw new AppError('CANCELLED', 'Self-test cancelled');

  const n = spec.size;
  const a = tf.ones([n, n]);
  // 1/n is a power of two for the default sizes, so every partial sum is exact.
  const b = tf.fill([n, n], 1 / n);
  try {
    tf.matMul(a, b).dispose(); // warm-up: kernel selection and allocation
    report.progress(0.3, `Multiplying ${n}×${n} matrices`);
    const reps = 3;
    const t0 = performance.now();
    let checksum = 0;
    for (let i = 0; i < reps; i++) {
      if (signal.aborted) throw new AppError('CANCELLED', 'Self-test cancelled');
      const c = tf.matMul(a, b);
      checksum = (await c.sum().data())[0]!;
      c.dispose();
      report.progress(0.3 + (0.7 * (i + 1)) / reps);
    }
    const millis = (performance.now() - t0) / reps;
    const gflops = (2 * n * n * n) / (millis * 1e6);
    report.metric('gflops', 0, gflops);
    report.log('INFO', `matMul ${n}³: ${millis.toFixed(1)} ms, ${gflops.toFixed(2)} GFLOP/s, checksum ${checksum}`);
    const expectedChecksum = n * n;
    if (Math.abs(checksum - expectedChecksum) > 1e-3 * expectedChecksum) {
      throw new AppError('INTERNAL_ERROR', `matMul gave a wrong answer on ${backend}: checksum ${checksum}, expected ${expectedChecksum}`);
    }
    return { backend, tfjsVersion: version, size: n, checksum, expectedChecksum, millis, gflops };
  } finally {
    a.dispose();
    b.dispose();
  }
}
