import type { RuntimeProbe, RuntimeStatus } from '../../electron/contract/system.js';
import { backendPackage, BACKEND_ORDER, loadTf } from '../runtimes/tfjs.js';
import { ortVersion } from '../runtimes/onnx.js';
import { llamaCppStatus } from '../runtimes/llama-cpp.js';
import { packageVersion } from '../runtimes/package-version.js';
import type { TaskContext } from './task.js';

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);
}

async function status(run: () => Promise<{ version: string; detail: string | null }>): Promise<RuntimeStatus> {
  try {
    const { version, detail } = await run();
    return { available: true, version, detail };
  } catch (err) {
    return { available: false, version: null, detail: firstLine(err) };
  }
}

/**
 * Finds which native runtimes load on this machine. Each TF.js backend is tried by really
 * initialising it; since a process can hold only one tfjs-node binding, the first that loads
 * is initialised and the others are reported from their package presence.
 */
export async function probe(_spec: unknown, { report }: TaskContext): Promise<RuntimeProbe> {
  const tfjs = {} as RuntimeProbe['tfjs'];
  let loaded = false;
  for (const name of BACKEND_ORDER) {
    const version = packageVersion(backendPackage(name));
    if (version === null) {
      tfjs[name] = { available: false, version: null, detail: `${backendPackage(name)} is not installed` };
      continue;
    }
    if (loaded && name !== 'wasm') {
      tfjs[name] = { available: false, version, detail: 'not tried: another native backend already loaded' };
      continue;
    }
    tfjs[name] = await status(async () => {
      const t = await loadTf(name);
      return { version: t.version, detail: `backend ${t.tf.getBackend()}, matmul: ${t.matmul}` };
    });
    loaded ||= tfjs[name].available && name !== 'wasm';
    report.progress(0.2 * (BACKEND_ORDER.indexOf(name) + 1));
  }
  const onnxruntime = await status(async () => ({ version: ortVersion(), detail: 'CPU execution provider' }));
  report.progress(0.8);
  const llamaCpp = await status(async () => {
    const s = await llamaCppStatus();
    return { version: `${packageVersion('node-llama-cpp') ?? '?'} (llama.cpp ${s.version})`, detail: s.detail };
  });
  return { tfjs, onnxruntime, llamaCpp };
}
