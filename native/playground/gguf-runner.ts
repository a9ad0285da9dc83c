import { Template } from '@huggingface/jinja';
import { loadLlamaCpp } from '../runtimes/llama-cpp.js';
import type { GenerateInput } from '../protocol.js';
import { firstStop, type Runner, type RunnerStep, type StopReason } from './runner.js';
import { chatMessages, hfTextSide, type TextSide } from './text-side.js';

type LlamaModel = import('node-llama-cpp').LlamaModel;
type Token = import('node-llama-cpp').Token;

export interface GgufRunnerOptions {
  file: string;
  /** The Hugging Face folder the GGUF came from: prompts then tokenize exactly as the engine's do. */
  tokenizer?: string;
  onProgress?: (fraction: number) => void;
}

/**
 * The text side from the GGUF alone: llama.cpp's tokenizer, and the chat template stored in the
 * file's `tokenizer.chat_template` (rendered with the same Jinja engine transformers-compatible code uses).
 */
function ggufTextSide(model: LlamaModel): TextSide {
  const template = (model.fileInfo.metadata as { tokenizer?: { chat_template?: unknown } }).tokenizer?.chat_template;
  const bos = model.tokens.bos;
  const stopIds = [model.tokens.eos, model.tokens.eot].filter((t): t is Token => t !== null).map(Number);
  return {
    promptIds(input: GenerateInput) {
      if (input.mode === 'chat' && typeof template === 'string') {
        const text = new Template(template).render({ messages: chatMessages(input), add_generation_prompt: true, bos_token: model.tokens.bosString ?? '', eos_token: model.tokens.eosString ?? '' });
        return model.tokenize(text, true).map(Number);
      }
      const text = input.mode === 'chat' ? chatMessages(input).map((m) => m.content).join('\n\n') : input.prompt;
      const ids = model.tokenize(text, false).map(Number);
      return bos !== null && model.fileInfo.metadata.tokenizer?.ggml?.add_bos_token !== false ? [Number(bos), ...ids] : ids;
    },
    decode: (ids) => model.detokenize(ids as unknown as Token[], false),
    stopIds,
  };
}

/**
 * A GGUF on llama.cpp (node-llama-cpp, prebuilt CPU binaries): one thread (FACTS.md: two were 4-30x
 * slower on this 2-vCPU machine), an F32 KV cache and no flash attention, so greedy answers match
 * the engine's on F32 weights (the F16 cache alone can flip a greedy token after a dozen steps).
 */
export async function loadGgufRunner(opts: GgufRunnerOptions): Promise<Runner> {
  const { getLlama } = await loadLlamaCpp();
  const llama = await getLlama({ build: 'never', gpu: false, logLevel: 'error' as never });
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: opts.file, onLoadProgress: (p) => opts.onProgress?.(p) });
  } catch (err) {
    await llama.dispose();
    throw err;
  }
  const contextSize = Math.min(model.trainContextSize || 4096, 8192);
  const context = await model.createContext({
    contextSize,
    threads: 1,
    flashAttention: false,
    experimentalKvCacheKeyType: 'F32',
    experimentalKvCacheValueType: 'F32',
  });
  const sequence = context.getSequence();
  const text = opts.tokenizer ? await hfTextSide(opts.tokenizer) : ggufTextSide(model);
  return {
    runtime: `llama.cpp ${llama.llamaCppRelease.release} (${llama.buildType}, 1 thread)`,
    async *generate(input: GenerateInput, signal: AbortSignal): AsyncGenerator<RunnerStep, StopReason> {
      const p = input.params;
      const ids = text.promptIds(input);
      const room = Math.max(0, contextSize - ids.length);
      const max = Math.min(p.maxNewTokens, room);
      if (max === 0) return 'max-tokens';
      await sequence.clearHistory();
      const generated: number[] = [];
      const all = [...ids];
      const sampling = p.greedy
        ? { temperature: 0 }
        : {
            temperature: p.temperature,
            topK: p.topK,
            topP: p.topP,
            seed: p.seed,
            repeatPenalty: p.repetitionPenalty > 1 ? { punishTokens: () => all as unknown as Token[], penalty: p.repetitionPenalty, maxPunishTokens: 1024 } : undefined,
          };
      for await (const token of sequence.evaluate(ids as unknown as Token[], sampling)) {
        if (signal.aborted) return 'cancelled';
        const id = Number(token);
        if (text.stopIds.includes(id) || model.isEogToken(token)) return 'eos';
        generated.push(id);
        all.push(id);
        const out = text.decode(generated);
        const stop = firstStop(out, p.stop);
        if (stop !== -1) {
          yield { text: out.slice(0, stop) };
          return 'stop-string';
        }
        yield { text: out };
        if (generated.length >= max) return 'max-tokens';
      }
      // llama.cpp ends the stream itself at an end-of-generation token.
      return 'eos';
    },
    dispose: async () => {
      await llama.dispose();
    },
  };
}
