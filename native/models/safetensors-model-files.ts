import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { errorText, modelError } from './model-error.js';
import { SafetensorsFile, type TensorInfo } from './safetensors.js';

/** Names Hugging Face gives a model's weights (transformers' SAFE_WEIGHTS_NAME / SAFE_WEIGHTS_INDEX_NAME). */
export const SINGLE_FILE = 'model.safetensors';
export const INDEX_FILE = 'model.safetensors.index.json';

/** The index: {"metadata": {"total_size": ...}, "weight_map": {tensor name: shard file name}}. */
const IndexJson = z.object({
  metadata: z.record(z.string(), z.unknown()).optional(),
  weight_map: z.record(z.string(), z.string()),
});

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(() => true, () => false);
}

/** A shard is named relative to the folder; refuse anything that could point outside it. */
function shardPath(dir: string, indexFile: string, shard: string): string {
  if (shard === '' || shard !== path.basename(shard) || shard === '..' || shard === '.') {
    throw modelError(indexFile, `weight_map names shard '${shard}', which is not a plain file name in the model folder`);
  }
  return path.join(dir, shard);
}

async function readIndex(indexFile: string): Promise<Record<string, string>> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(indexFile, 'utf8'));
  } catch (err) {
    throw modelError(indexFile, `cannot read the shard index (${errorText(err)})`);
  }
  const parsed = IndexJson.safeParse(json);
  if (!parsed.success) throw modelError(indexFile, `not a safetensors index: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.weight_map;
}

/**
 * A model's weights, single-file or sharded, as one tensor-name -> file map. Every shard's header is
 * validated on open; tensor data is only read on request.
 */
export class SafetensorsModelFiles {
  private constructor(
    readonly dir: string,
    readonly files: readonly SafetensorsFile[],
    private readonly owner: ReadonlyMap<string, SafetensorsFile>,
  ) {}

  static async open(dir: string): Promise<SafetensorsModelFiles> {
    const indexFile = path.join(dir, INDEX_FILE);
    if (await exists(indexFile)) return SafetensorsModelFiles.openSharded(dir, indexFile);
    const single = path.join(dir, SINGLE_FILE);
    if (await exists(single)) {
      const file = await SafetensorsFile.open(single);
      return new SafetensorsModelFiles(dir, [file], new Map(file.names().map((n) => [n, file])));
    }
    const hasBin = (await exists(path.join(dir, 'pytorch_model.bin'))) || (await exists(path.join(dir, 'pytorch_model.bin.index.json')));
    const hint = hasBin ? ' The folder has PyTorch .bin weights only; convert them to safetensors first.' : '';
    throw modelError(dir, `no ${SINGLE_FILE} or ${INDEX_FILE} in the model folder.${hint}`);
  }

  private static async openSharded(dir: string, indexFile: string): Promise<SafetensorsModelFiles> {
    const weightMap = await readIndex(indexFile);
    const shardNames = [...new Set(Object.values(weightMap))].sort();
    const shards = new Map<string, SafetensorsFile>();
    for (const shard of shardNames) {
      const file = shardPath(dir, indexFile, shard);
      if (!(await exists(file))) throw modelError(indexFile, `weight_map names shard '${shard}', which is missing from the folder`);
      shards.set(shard, await SafetensorsFile.open(file));
    }
    const owner = new Map<string, SafetensorsFile>();
    for (const [name, shard] of Object.entries(weightMap)) {
      const file = shards.get(shard)!;
      if (!file.has(name)) throw modelError(indexFile, `weight_map puts tensor '${name}' in ${shard}, whose header does not list it`, name);
      owner.set(name, file);
    }
    // transformers loads every tensor of every shard, listed or not; a name in two shards is ambiguous.
    for (const file of shards.values()) {
      for (const name of file.names()) {
        const other = owner.get(name);
        if (other === undefined) owner.set(name, file);
        else if (other !== file) throw modelError(file.file, `tensor also stored in ${path.basename(other.file)}`, name);
      }
    }
    return new SafetensorsModelFiles(dir, [...shards.values()], owner);
  }

  names(): string[] {
    return [...this.owner.keys()];
  }

  has(name: string): boolean {
    return this.owner.has(name);
  }

  /** Which file holds the tensor. */
  fileOf(name: string): string {
    return this.ownerOf(name).file;
  }

  info(name: string): TensorInfo {
    return this.ownerOf(name).info(name);
  }

  read(name: string): Promise<Float32Array> {
    return this.ownerOf(name).read(name);
  }

  private ownerOf(name: string): SafetensorsFile {
    const file = this.owner.get(name);
    if (!file) throw modelError(this.dir, 'no such tensor in the model weights', name);
    return file;
  }
}
