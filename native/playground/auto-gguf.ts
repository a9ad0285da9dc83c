import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { exportDecoderGguf } from '../export/gguf-decoder.js';

/** Size and modification time of every file in a folder: a GGUF made from it is stale once any changes. */
async function folderStamp(dir: string): Promise<string> {
  const names = (await fs.readdir(dir)).sort();
  const parts: string[] = [];
  for (const n of names) {
    const st = await fs.stat(path.join(dir, n));
    if (st.isFile()) parts.push(`${n}:${st.size}:${st.mtimeMs}`);
  }
  return parts.join('|');
}

/**
 * The F32 GGUF of a model (with its adapter merged), made once and kept in `cacheDir` under a name
 * derived from the source folders' contents, so a fine-tune can be tried at llama.cpp speed. F32
 * keeps its greedy answers identical to the engine's (FACTS.md: F32 weights + F32 KV cache).
 */
export async function autoGguf(cacheDir: string, model: string, adapter: string | undefined, onProgress: (message: string) => void): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`${path.resolve(model)}\n${await folderStamp(model)}\n`);
  if (adapter) hash.update(`${path.resolve(adapter)}\n${await folderStamp(adapter)}\n`);
  const file = path.join(cacheDir, `${hash.digest('hex').slice(0, 24)}.gguf`);
  try {
    await fs.access(file);
    return file;
  } catch {
    // not made yet
  }
  onProgress('Converting to GGUF (F32) for llama.cpp');
  await fs.mkdir(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await exportDecoderGguf(model, tmp, { type: 'F32', adapterDir: adapter });
    await fs.rename(tmp, file);
  } finally {
    await fs.rm(tmp, { force: true });
  }
  return file;
}
