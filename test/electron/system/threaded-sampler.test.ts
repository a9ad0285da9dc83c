import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleThreadEntry } from '../../../electron/paths.js';
import { ThreadedSampler } from '../../../electron/system/threaded-sampler.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** The monitor's readings on a worker thread (systeminformation's execSync calls stay off main's loop). */
describe('threaded system sampler', () => {
  it('reads real samples on its thread, the same thread for each reading', async () => {
    const entry = sampleThreadEntry();
    expect(fs.existsSync(entry), 'npm run build makes dist/electron/system/sample-thread.js').toBe(true);
    const sampler = new ThreadedSampler(tempDir(), entry);
    const a = await sampler.read();
    const b = await sampler.read();
    expect(b.t).toBeGreaterThanOrEqual(a.t);
    expect(a.memTotalBytes).toBeGreaterThan(a.memUsedBytes);
    expect(a.diskTotalBytes).toBeGreaterThan(0);
    await sampler.close();
  }, 30_000);

  it('fails a reading that hangs, then reads again on a fresh thread', async () => {
    const dir = tempDir();
    const stuck = path.join(dir, 'stuck-thread.mjs');
    // Answers nothing the first time (a hung nvidia-smi), then answers as the real thread does.
    fs.writeFileSync(
      stuck,
      `import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
const flag = ${JSON.stringify(path.join(dir, 'hung-once'))};
parentPort.on('message', (req) => {
  if (!fs.existsSync(flag)) { fs.writeFileSync(flag, ''); return; }
  parentPort.postMessage({ id: req.id, sample: { t: 1, cpuPercent: 0, memUsedBytes: 1, memTotalBytes: 2, gpus: [], diskFreeBytes: 1, diskTotalBytes: 2 } });
});`,
    );
    const sampler = new ThreadedSampler(dir, stuck, 300);
    await expect(sampler.read()).rejects.toThrow(/took over 0.3 s/);
    await expect(sampler.read()).resolves.toMatchObject({ t: 1 });
    await sampler.close();
  });

  it('reads on the calling thread where the built thread file is missing', async () => {
    const sampler = new ThreadedSampler(tempDir(), '/nonexistent/sample-thread.js');
    await expect(sampler.read()).resolves.toMatchObject({ gpus: expect.any(Array) });
    await sampler.close();
  });
});

describe('threaded system sampler, when no thread can run', () => {
  it('reads on the calling thread after a thread that failed before answering', async () => {
    const dir = tempDir();
    const broken = path.join(dir, 'broken-thread.mjs');
    fs.writeFileSync(broken, "throw new Error('cannot load here');\n");
    const sampler = new ThreadedSampler(dir, broken);
    await expect(sampler.read()).rejects.toThrow(/cannot load here/);
    await expect(sampler.read()).resolves.toMatchObject({ gpus: expect.any(Array) });
    await sampler.close();
  });
});
