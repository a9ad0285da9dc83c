import type { ChatMessage } from '../models/chat-template.js';
import { readGenerationConfig } from '../models/generation-config.js';
import { readModelConfig } from '../models/hf-config.js';
import { ModelTokenizer } from '../models/tokenizer.js';
import { promptIds } from '../engine/sft-examples.js';
import type { GenerateInput } from '../protocol.js';

/** Everything about text a runner needs: prompt ids (chat template or raw), decoding, and the ids that end a reply. */
export interface TextSide {
  promptIds(input: GenerateInput): number[];
  decode(ids: readonly number[]): string;
  stopIds: number[];
}

/** The conversation a chat prompt sends: system prompt, earlier turns, the new user message. */
export function chatMessages(input: GenerateInput): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (input.system.trim()) messages.push({ role: 'system', content: input.system });
  for (const t of input.history) if (t.role !== 'system') messages.push({ role: t.role, content: t.content });
  messages.push({ role: 'user', content: input.prompt });
  return messages;
}

/**
 * The text side of a Hugging Face folder, exactly as the engine sees it (chat-model.ts): so a GGUF or
 * ONNX export made from that folder gets the same prompt ids, and greedy answers can be compared.
 */
export async function hfTextSide(folder: string): Promise<TextSide> {
  const tokenizer = await ModelTokenizer.load(folder);
  const config = await readModelConfig(folder);
  const generation = await readGenerationConfig(folder);
  const stop = new Set<number>([...(generation?.eosTokenIds ?? []), ...config.eosTokenIds]);
  if (tokenizer.special.eos?.id != null) stop.add(tokenizer.special.eos.id);
  return {
    promptIds: (input) => (input.mode === 'chat' ? promptIds(tokenizer, chatMessages(input)) : tokenizer.encode(input.prompt, { addSpecialTokens: true })),
    decode: (ids) => tokenizer.decode(ids, { skipSpecialTokens: true }),
    stopIds: [...stop],
  };
}
