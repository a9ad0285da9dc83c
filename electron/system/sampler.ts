import fs from 'node:fs';
import path from 'node:path';
import si from 'systeminformation';
import type { GpuSample, SystemSample } from '../contract/system.js';

/** statfs of the data directory, or of its nearest existing parent if it was removed under us. */
async function diskOf(dir: string): Promise<fs.StatsFs> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      return await fs.promises.statfs(d);
    } catch (err) {
      if (path.dirname(d) === d) throw err;
    }
  }
}

/** Reads one system sample. systeminformation reads NVIDIA figures through nvidia-smi (FACTS.md). */
export async function readSample(dataDir: string): Promise<SystemSample> {
  const [load, mem, graphics, disk] = await Promise.all([si.currentLoad(), si.mem(), si.graphics(), diskOf(dataDir)]);
  const gpus: GpuSample[] = graphics.controllers
    .filter((c) => !/microsoft basic|vmware|virtualbox|llvmpipe/i.test(c.model))
    .map((c, index) => ({
      index,
      model: c.model || c.vendor || 'GPU',
      utilization: c.utilizationGpu ?? null,
      memoryUsedMb: c.memoryUsed ?? null,
      memoryTotalMb: c.memoryTotal ?? c.vram ?? null,
      temperatureC: c.temperatureGpu ?? null,
    }));
  return {
    t: Date.now(),
    cpuPercent: load.currentLoad,
    // `active` excludes reclaimable cache, which is what a user means by "used".
    memUsedBytes: mem.active,
    memTotalBytes: mem.total,
    gpus,
    diskFreeBytes: disk.bavail * disk.bsize,
    diskTotalBytes: disk.blocks * disk.bsize,
  };
}
