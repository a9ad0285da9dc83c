import type { TfBackendName } from '../../electron/contract/jobs.js';
import type { ChatMessage } from '../models/chat-template.js';
import type { ModelConfig } from '../models/hf-config.js';
import { readGenerationConfig } from '../models/generation-config.js';
import { ModelTokenizer } from '../models/tokenizer.js';
import { loadTf, type Tf } from '../runtimes/tfjs.js';
import { applyAdapter, mergeAdapters } from './adapter-io.js';
import { generate } from './generate.js';
import type { DecoderWeights } from './llama.js';
import { loadDecoder } from './load-model.js';
import { GREEDY } from './sampling.js';
import { promptIds } from './sft-examples.js';
import { disposeDecoderWeights } from './weights.js';

/** A model ready to answer: weights (adapter applied or merged), tokenizer, and every id that ends a reply. */
export interface ChatModel {
  tf: Tf;
  backend: TfBackendName;
  config: ModelConfig;
  weights: DecoderWeights;
  tokenizer: ModelTokenizer;
  /** generation_config.json's, config.json's and the tokenizer's EOS ids together. */
  stopIds: number[];
  /** Token ids of a conversation as the model sees it (chat template, or the Alpaca format without one). */
  promptIds(messages: readonly ChatMessage[]): number[];
  /** Greedy reply ids to `ids`, stopped at a stop id. */
  greedy(ids: readonly number[], maxNewTokens: number, signal?: AbortSignal): Promise<number[]>;
  dispose(): void;
}

export async function loadChatModel(opts: { model: string; adapter?: string; merge?: boolean; backend?: TfBackendName }): Promise<ChatModel> {
  const { tf, backend } = await loadTf(opts.backend);
  const { config, weights } = await loadDecoder(tf, opts.model);
  const tokenizer = await ModelTokenizer.load(opts.model);
  if (opts.adapter) {
    await applyAdapter(tf, weights, opts.adapter);
    if (opts.merge) mergeAdapters(tf, weights);
  }
  const generation = await readGenerationConfig(opts.model);
  const stop = new Set<number>([...(generation?.eosTokenIds ?? []), ...config.eosTokenIds]);
  if (tokenizer.special.eos?.id != null) stop.add(tokenizer.special.eos.id);
  const stopIds = [...stop];
  return {
    tf,
    backend,
    config,
    weights,
    tokenizer,
    stopIds,
    promptIds: (messages) => promptIds(tokenizer, messages),
    async greedy(ids, maxNewTokens, signal) {
      const out: number[] = [];
      for await (const t of generate(tf, config, weights, ids, () => '', { ...GREEDY, maxNewTokens, seed: 0, eosTokenIds: stopIds, stopStrings: [], signal })) out.push(t.id);
      return out;
    },
    dispose: () => disposeDecoderWeights(tf, weights),
  };
}
