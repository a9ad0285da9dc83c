import { z } from 'zod';

export const GpuSample = z.object({
  index: z.number(),
  model: z.string(),
  utilization: z.number().nullable(),
  memoryUsedMb: z.number().nullable(),
  memoryTotalMb: z.number().nullable(),
  temperatureC: z.number().nullable(),
});
export type GpuSample = z.infer<typeof GpuSample>;

/** One reading of the system monitor, pushed as `system:sample`. */
export const SystemSample = z.object({
  t: z.number(),
  cpuPercent: z.number(),
  memUsedBytes: z.number(),
  memTotalBytes: z.number(),
  gpus: z.array(GpuSample),
  diskFreeBytes: z.number(),
  diskTotalBytes: z.number(),
});
export type SystemSample = z.infer<typeof SystemSample>;

export const RuntimeStatus = z.object({
  available: z.boolean(),
  version: z.string().nullable(),
  detail: z.string().nullable(),
});
export type RuntimeStatus = z.infer<typeof RuntimeStatus>;

/** What the compute worker found it can load on this machine. */
export const RuntimeProbe = z.object({
  tfjs: z.object({
    'tfjs-node-gpu': RuntimeStatus,
    'tfjs-node': RuntimeStatus,
    wasm: RuntimeStatus,
  }),
  onnxruntime: RuntimeStatus,
  llamaCpp: RuntimeStatus,
});
export type RuntimeProbe = z.infer<typeof RuntimeProbe>;

export const SystemInfo = z.object({
  app: z.object({ name: z.string(), version: z.string(), dataDir: z.string(), mode: z.enum(['electron', 'web']) }),
  os: z.object({ platform: z.string(), distro: z.string(), release: z.string(), arch: z.string() }),
  cpu: z.object({ brand: z.string(), cores: z.number(), physicalCores: z.number(), flags: z.array(z.string()) }),
  memory: z.object({ totalBytes: z.number() }),
  gpus: z.array(z.object({ model: z.string(), vendor: z.string(), vramMb: z.number().nullable() })),
  runtimes: RuntimeProbe,
  versions: z.record(z.string(), z.string()),
});
export type SystemInfo = z.infer<typeof SystemInfo>;
