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
  // One tensor at a time from disk into TF.js: the host copy of each is garbage as soon as it is uploaded.
  const read = async (name: string): Promise<HostTensor | null> => (files.has(name) ? { shape: files.info(name).shape, data: await files.read(name) } : null);
  try {
    const layout = { intermediateSize: config.intermediateSize, attentionBias: config.attentionBias, tieWordEmbeddings: config.tieWordEmbeddings };
    const weights = await loadDecoderWeights(tf, config, layout, read, (n) => files.has(n));
    return { config, weights };
  } catch (err) {
    if (err instanceof MissingTensorError) {
      throw modelError(files.has(err.tensor) ? files.fileOf(err.tensor) : (files.files[0]?.file ?? dir), err.message, err.tensor);
    }
    throw err;
  }
}
