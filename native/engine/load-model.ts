import type { Tf } from '../runtimes/tfjs.js';
import { readModelConfig, type ModelConfig } from '../models/hf-config.js';
import { modelError } from '../models/model-error.js';
import { SafetensorsModelFiles } from '../models/safetensors-model-files.js';
import type { DecoderWeights } from './llama.js';
import { loadDecoderWeights, MissingTensorError, type HostTensor } from './weights.js';

export interface LoadedDecoder {
  config: ModelConfig;
  weights: DecoderWeights;
}

/**
 * Loads a Hugging Face decoder folder into engine tensors: config first, then every tensor read
 * (F16/BF16 widened to F32) and checked against the shapes the config implies.
 */
export async function loadDecoder(tf: Tf, dir: string): Promise<LoadedDecoder> {
  const config = await readModelConfig(dir);
  const files = await SafetensorsModelFiles.open(dir);
  const host = new Map<string, HostTensor>();
  for (const name of files.names()) host.set(name, { shape: files.info(name).shape, data: await files.read(name) });
  try {
    const weights = loadDecoderWeights(tf, config, { intermediateSize: config.intermediateSize, attentionBias: config.attentionBias, tieWordEmbeddings: config.tieWordEmbeddings }, (n) => host.get(n) ?? null);
    return { config, weights };
  } catch (err) {
    if (err instanceof MissingTensorError) {
      throw modelError(files.has(err.tensor) ? files.fileOf(err.tensor) : (files.files[0]?.file ?? dir), err.message, err.tensor);
    }
    throw err;
  }
}
