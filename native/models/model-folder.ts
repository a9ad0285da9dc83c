import fs from 'node:fs/promises';
import path from 'node:path';
import { configWarnings, tensorLayoutWarnings, tokenizerWarnings } from './folder-warnings.js';
import { readGenerationConfig, type GenerationConfig } from './generation-config.js';
import { readModelConfig, type ModelConfig } from './hf-config.js';
import { errorText, modelError } from './model-error.js';
import { SafetensorsModelFiles } from './safetensors-model-files.js';
import type { SafetensorsDtype, TensorInfo } from './safetensors.js';
import { ModelTokenizer } from './tokenizer.js';

export { trainingMemoryEstimate, type TrainingMemoryEstimate, type TrainingMemoryOptions } from './training-memory.js';

export interface ModelFolderInfo {
  dir: string;
  config: ModelConfig;
  /** The safetensors files holding the weights, relative to `dir`. */
  files: string[];
  /** The tensors' dtype, or 'mixed' when they differ (e.g. F32 norms beside BF16 matrices). */
  dtype: SafetensorsDtype | 'mixed';
  /** Elements of every stored tensor, from the headers alone. */
  parameterCount: number;
  /** Bytes of the safetensors files. */
  weightsBytes: number;
  /** Bytes of every file under `dir` (symlinks followed, as in the Hugging Face cache's snapshots). */
  sizeOnDiskBytes: number;
  hasTokenizer: boolean;
  chatTemplate?: string;
  generationConfig?: GenerationConfig;
  warnings: string[];
}

/** Sums file sizes below `dir`. Directories are entered only when real (lstat), so a symlink loop cannot recurse. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else {
      const stat = await fs.stat(full).catch(() => null); // a dangling symlink counts as nothing
      if (stat?.isFile()) total += stat.size;
    }
  }
  return total;
}

async function loadTokenizer(dir: string, warnings: string[]): Promise<ModelTokenizer | null> {
  try {
    await fs.access(path.join(dir, 'tokenizer.json'));
  } catch {
    warnings.push('no tokenizer.json: the model cannot be trained or tested without its tokenizer');
    return null;
  }
  try {
    return await ModelTokenizer.load(dir);
  } catch (err) {
    warnings.push(errorText(err));
    return null;
  }
}

/**
 * Everything the app shows about a Hugging Face model folder before training, read from headers and
 * JSON only: no tensor data is loaded, so inspecting a 15 GB model costs a few megabytes.
 * Throws MODEL_ERROR for what makes the folder unusable (no config.json, unsupported model, bad
 * weights); returns warnings for flaws it can live with.
 */
export async function inspectModelFolder(dir: string): Promise<ModelFolderInfo> {
  const stat = await fs.stat(dir).catch(() => null);
  if (!stat?.isDirectory()) throw modelError(dir, 'not a folder');
  const config = await readModelConfig(dir);
  const weights = await SafetensorsModelFiles.open(dir);
  const warnings: string[] = [];

  const tensors = new Map<string, TensorInfo>(weights.names().map((n) => [n, weights.info(n)]));
  const dtypes = new Set([...tensors.values()].map((t) => t.dtype));
  const [only] = dtypes;
  const parameterCount = [...tensors.values()].reduce((sum, t) => sum + t.elements, 0);

  let generationConfig: GenerationConfig | null = null;
  try {
    generationConfig = await readGenerationConfig(dir);
  } catch (err) {
    warnings.push(`${errorText(err)} (ignored)`);
  }
  const tokenizer = await loadTokenizer(dir, warnings);
  warnings.push(...configWarnings(config), ...tensorLayoutWarnings(config, tensors));
  if (tokenizer) warnings.push(...tokenizerWarnings(config, tokenizer, generationConfig));

  const info: ModelFolderInfo = {
    dir,
    config,
    files: weights.files.map((f) => path.relative(dir, f.file)),
    dtype: dtypes.size === 1 && only ? only : 'mixed',
    parameterCount,
    weightsBytes: weights.files.reduce((sum, f) => sum + f.sizeBytes, 0),
    sizeOnDiskBytes: await folderBytes(dir),
    hasTokenizer: tokenizer !== null,
    warnings,
  };
  if (tokenizer?.chatTemplate) info.chatTemplate = tokenizer.chatTemplate;
  if (generationConfig) info.generationConfig = generationConfig;
  return info;
}
