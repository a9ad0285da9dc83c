import path from 'node:path';
import { z } from 'zod';
import type { ModelInfo } from '../../electron/contract/models.js';
import { inspectModelFolder, trainingMemoryEstimate } from '../models/model-folder.js';
import type { TaskContext } from './task.js';

const Spec = z.object({ path: z.string().min(1) }).strict();

/** Reads a model folder's headers, config and tokenizer (never its weights) for the Models page. */
export async function inspectModel(rawSpec: unknown, _ctx: TaskContext): Promise<ModelInfo> {
  const { path: dir } = Spec.parse(rawSpec);
  const info = await inspectModelFolder(dir);
  const bytesPerParam = info.dtype === 'F32' || info.dtype === 'mixed' ? 4 : 2;
  const estimate = (method: 'lora' | 'full') => trainingMemoryEstimate(info.config, { method, rank: 8, batchSize: 1, seqLen: 512, bytesPerParam: method === 'full' ? 4 : bytesPerParam }).totalBytes;
  const name = path.basename(path.resolve(dir));
  return {
    name: /^[0-9a-f]{40}$/.test(name) ? path.basename(path.dirname(path.dirname(path.resolve(dir)))).replace(/^models--/, '').replace(/--/g, '/') : name,
    path: path.resolve(dir),
    architecture: info.config.architecture,
    parameterCount: info.parameterCount,
    dtype: info.dtype,
    contextLength: info.config.maxPositionEmbeddings,
    hiddenSize: info.config.hiddenSize,
    numLayers: info.config.numLayers,
    vocabSize: info.config.vocabSize,
    sizeOnDiskBytes: info.sizeOnDiskBytes,
    hasTokenizer: info.hasTokenizer,
    hasChatTemplate: Boolean(info.chatTemplate),
    warnings: info.warnings,
    memory: { loraR8Bytes: estimate('lora'), fullBytes: estimate('full') },
  };
}
