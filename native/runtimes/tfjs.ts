import { createRequire } from 'node:module';
import path from 'node:path';
import type { TfBackendName } from '../../electron/contract/jobs.js';
import { registerWasmTrainingKernels } from './wasm-kernels.js';
import { registerNativeMatMul } from './wasm-matmul.js';

/** The one place that chooses a TF.js backend (STYLE.md rule 8). */
export type Tf = typeof import('@tensorflow/tfjs');

export interface LoadedTf {
  tf: Tf;
  backend: TfBackendName;
  version: string;
  /** How matrix products run: the backend's own kernels, or on wasm possibly the native sgemm add-on. */
  matmul: string;
}

export const BACKEND_ORDER: readonly TfBackendName[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm'];

const require = createRequire(import.meta.url);
let loggedMatmul = false;

/**
 * Loads one backend. The native bindings are optional dependencies that are absent when their
 * libtensorflow download failed (FACTS.md), so each is required in try/catch by the caller.
 */
async function loadBackend(name: TfBackendName): Promise<LoadedTf> {
  if (name === 'tfjs-node-gpu' || name === 'tfjs-node') {
    const tf = require(`@tensorflow/${name}`) as Tf;
    await tf.setBackend('tensorflow');
    await tf.ready();
    return { tf, backend: name, version: tf.version.tfjs, matmul: 'backend built-in' };
  }
  const tf = require('@tensorflow/tfjs') as Tf;
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  // In Node the wasm binaries are read from the package folder, not fetched.
  wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialise');
  await tf.ready();
  registerWasmTrainingKernels(tf);
  const matmul = registerNativeMatMul(tf);
  if (!loggedMatmul) console.info(`TF.js wasm matmul: ${matmul}`); // once per process: which path is active
  loggedMatmul = true;
  return { tf, backend: 'wasm', version: tf.version.tfjs, matmul };
}

/** The first backend that loads, or exactly `forced` when given (no silent fallback then). */
export async function loadTf(forced?: TfBackendName): Promise<LoadedTf> {
  if (forced) {
    try {
      return await loadBackend(forced);
    } catch (err) {
      throw new Error(`TF.js backend ${forced} was chosen but could not be loaded: ${(err as Error).message.split('\n')[0]}. Choose "auto" to use the first backend that loads.`);
    }
  }
  const errors: string[] = [];
  for (const name of BACKEND_ORDER) {
    try {
      return await loadBackend(name);
    } catch (err) {
      errors.push(`${name}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`No TF.js backend could be loaded (${errors.join('; ')})`);
}

/** Whether a backend's package can be found, without initialising it (initialising tfjs-node twice fails). */
export function backendPackage(name: TfBackendName): string {
  return name === 'wasm' ? '@tensorflow/tfjs-backend-wasm' : `@tensorflow/${name}`;
}
