import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The optional SGEMM add-on (native/addon, built by `npm run build:native`). It is an accelerator,
 * never a requirement: without a compiler, on a CPU without AVX2/FMA, or on another architecture it
 * is simply absent and TF.js's own wasm kernels run.
 */
export interface NativeSgemm {
  /**
   * C[b] = op(A[b]) · op(B[b]) for b < batch, row-major; op(A) is [m, k] (stored [k, m] when
   * transA), op(B) is [k, n] (stored [n, k] when transB). Strides are elements between batch
   * entries, 0 to broadcast one matrix. C [batch, m, n] is overwritten. Throws on a size mismatch.
   */
  sgemm(a: Float32Array, b: Float32Array, c: Float32Array, batch: number, m: number, n: number, k: number, transA: boolean, transB: boolean, strideA: number, strideB: number, threads: number): void;
  available: boolean;
  /** dst[i] = binary16 bits of src[i] (F16C, round to nearest even); only when f16Available. */
  f32ToF16(src: Float32Array, dst: Uint16Array): void;
  f16Available: boolean;
}

export type SgemmLoad = { ok: true; addon: NativeSgemm; file: string } | { ok: false; reason: string };

const ADDON = path.join('native', 'addon', 'build', 'Release', 'fts_sgemm.node');

/** The app root: two folders up from native/runtimes in the sources, three from dist/native/runtimes. */
function candidates(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return [path.resolve(here, '..', '..', ADDON), path.resolve(here, '..', '..', '..', ADDON)].map(
    // Inside a packaged app the binary lies beside the archive (electron-builder asarUnpack).
    (p) => p.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`),
  );
}

let loaded: SgemmLoad | undefined;

/** Loads the add-on once. FTS_NATIVE_MATMUL=0 turns it off (for comparisons and bisecting). */
export function loadNativeSgemm(): SgemmLoad {
  if (loaded) return loaded;
  if (process.env.FTS_NATIVE_MATMUL === '0') return (loaded = { ok: false, reason: 'turned off by FTS_NATIVE_MATMUL=0' });
  const file = candidates().find((p) => fs.existsSync(p));
  if (!file) return (loaded = { ok: false, reason: 'not built (npm run build:native)' });
  try {
    const addon = createRequire(import.meta.url)(file) as NativeSgemm;
    loaded = addon.available ? { ok: true, addon, file } : { ok: false, reason: 'this CPU lacks AVX2/FMA' };
  } catch (err) {
    loaded = { ok: false, reason: `failed to load: ${(err as Error).message.split('\n')[0]}` };
  }
  return loaded;
}
