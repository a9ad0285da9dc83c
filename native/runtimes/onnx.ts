import { createRequire } from 'node:module';

/** The one file that touches onnxruntime-node (STYLE.md rule 8). */
export type Ort = typeof import('onnxruntime-node');

const require = createRequire(import.meta.url);

export function loadOrt(): Ort {
  return require('onnxruntime-node') as Ort;
}

/** Loads the binding and reports its version; throws when the native binding is missing. */
export function ortVersion(): string {
  const ort = loadOrt();
  return ort.env.versions?.common ?? 'unknown';
}
