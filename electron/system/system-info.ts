import si from 'systeminformation';
import type { SystemInfo } from '../contract/system.js';
import { packageVersion } from '../../native/runtimes/package-version.js';
import { APP_NAME, appVersion } from '../paths.js';
import type { RuntimeProber } from './runtime-probe.js';

const LIBRARIES = [
  'react',
  'zustand',
  'chart.js',
  'zod',
  'better-sqlite3',
  'systeminformation',
  'onnxruntime-node',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  'node-llama-cpp',
  'electron',
];

export async function readSystemInfo(opts: { dataDir: string; mode: 'electron' | 'web'; prober: RuntimeProber }): Promise<SystemInfo> {
  const [osInfo, cpu, mem, graphics, runtimes] = await Promise.all([si.osInfo(), si.cpu(), si.mem(), si.graphics(), opts.prober.probe()]);
  const flags = await si.cpuFlags();
  const versions: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.versions)) if (v && ['node', 'v8', 'electron', 'chrome', 'modules'].includes(k)) versions[k] = v;
  for (const lib of LIBRARIES) versions[lib] ??= packageVersion(lib) ?? 'not installed';
  return {
    app: { name: APP_NAME, version: appVersion(), dataDir: opts.dataDir, mode: opts.mode },
    os: { platform: osInfo.platform, distro: osInfo.distro, release: osInfo.release, arch: osInfo.arch },
    cpu: {
      brand: `${cpu.manufacturer} ${cpu.brand}`.trim(),
      cores: cpu.cores,
      physicalCores: cpu.physicalCores,
      // The flags that decide which prebuilt kernels run fast here.
      flags: flags.split(/\s+/).filter((f) => /^(avx|avx2|fma|avx512f|avx512_bf16|f16c|neon)$/.test(f)),
    },
    memory: { totalBytes: mem.total },
    gpus: graphics.controllers.map((c) => ({ model: c.model, vendor: c.vendor, vramMb: c.vram ?? null })),
    runtimes,
    versions,
  };
}
