import fs from 'node:fs/promises';
import { AppError } from '../../electron/contract/errors.js';
import type { ChatMessage } from '../models/chat-template.js';
import type { ModelTokenizer } from '../models/tokenizer.js';
import type { TrainExample } from './batches.js';

/** One supervised example: the conversation so far, and the reply the model should learn. */
export interface SftPair {
  prompt: ChatMessage[];
  completion: string;
  /** A prompt already written in a fixed format (a prepared dataset's alpaca/chatml, or '' for plain text): encoded as it is, no chat template. */
  renderedPrompt?: string;
}

/** The prompt format used when a model has no chat template (Alpaca's). */
export const ALPACA_PROMPT = (instruction: string, input: string) =>
  input ? `### Instruction:\n${instruction}\n\n### Input:\n${input}\n\n### Response:\n` : `### Instruction:\n${instruction}\n\n### Response:\n`;

type Row = Record<string, unknown>;

function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  // Chat content given as a list of parts (as in v1_sft_demo.jsonl): keep the text parts.
  if (Array.isArray(v)) return v.map((p) => (typeof p === 'string' ? p : typeof (p as Row)?.text === 'string' ? ((p as Row).text as string) : typeof (p as Row)?.value === 'string' ? ((p as Row).value as string) : '')).join('');
  return null;
}

/**
 * Reads the common instruction schemas: chat `messages` (role/content), ShareGPT `conversations`
 * (from/value), alpaca instruction/input/output, and prompt/completion. The last assistant turn
 * is the completion. A row that fits none is a DATA_ERROR naming its line.
 */
export function rowToPair(row: Row, where: string): SftPair {
  const turns = Array.isArray(row.messages) ? row.messages : Array.isArray(row.conversations) ? row.conversations : null;
  if (turns) {
    const roles: Record<string, string> = { human: 'user', gpt: 'assistant', user: 'user', assistant: 'assistant', system: 'system' };
    const messages = (turns as Row[]).map((t) => ({ role: roles[String(t.role ?? t.from)] ?? String(t.role ?? t.from), content: text(t.content ?? t.value) ?? '' }));
    const last = messages[messages.length - 1];
    if (!last || last.role !== 'assistant') throw new AppError('DATA_ERROR', `${where}: the conversation does not end with an assistant turn`);
    return { prompt: messages.slice(0, -1), completion: last.content };
  }
  if (typeof row.instruction === 'string' && typeof row.output === 'string') {
    const input = typeof row.input === 'string' ? row.input : '';
    return { prompt: [{ role: 'user', content: input ? `${row.instruction}\n\n${input}` : row.instruction }], completion: row.output };
  }
  if (typeof row.prompt === 'string' && typeof row.completion === 'string') return { prompt: [{ role: 'user', content: row.prompt }], completion: row.completion };
  if (typeof row.prompt_text === 'string' && typeof row.completion === 'string') return { prompt: [{ role: 'user', content: row.prompt_text }], renderedPrompt: row.prompt_text, completion: row.completion };
  // Classification as generation: the text is the prompt, the label the reply.
  if (typeof row.text === 'string' && (typeof row.label === 'string' || typeof row.label === 'number')) return { prompt: [{ role: 'user', content: row.text }], completion: String(row.label) };
  // Plain text (continued pre-training): every token is learned.
  if (typeof row.text === 'string') return { prompt: [], renderedPrompt: '', completion: row.text };
  throw new AppError('DATA_ERROR', `${where}: expected messages, conversations, instruction/output or prompt/completion fields; found ${Object.keys(row).join(', ') || 'none'}`);
}

/** Reads a JSON array or JSON Lines file of rows (the datasets feature will replace this with a streamed importer). */
export async function readSftFile(file: string): Promise<SftPair[]> {
  const raw = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  const trimmed = raw.trimStart();
  if (trimmed.startsWith('[')) {
    let rows: unknown;
    try {
      rows = JSON.parse(trimmed);
    } catch (err) {
      throw new AppError('DATA_ERROR', `${file}: not valid JSON (${(err as Error).message})`, { file });
    }
    return (rows as Row[]).map((r, i) => rowToPair(r, `${file} item ${i + 1}`));
  }
  return raw
    .split(/\r?\n/)
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, n }) => {
      let row: Row;
      try {
        row = JSON.parse(line) as Row;
      } catch (err) {
        throw new AppError('DATA_ERROR', `${file} line ${n}: not valid JSON (${(err as Error).message})`, { file, line: n });
      }
      return rowToPair(row, `${file} line ${n}`);
    });
}

/** The exact prompt text the model sees, through its chat template or, without one, the Alpaca format. */
export function promptText(tok: ModelTokenizer, prompt: readonly ChatMessage[]): string {
  if (tok.chatTemplate) return tok.applyChatTemplate(prompt, { addGenerationPrompt: true });
  const user = prompt.filter((m) => m.role === 'user').map((m) => m.content).join('\n\n');
  return ALPACA_PROMPT(user, '');
}

/** Token ids of a conversation as the model sees it. A chat template writes BOS itself (as transformers' apply_chat_template, which encodes without special tokens). */
export function promptIds(tok: ModelTokenizer, prompt: readonly ChatMessage[]): number[] {
  return tok.encode(promptText(tok, prompt), { addSpecialTokens: !tok.chatTemplate });
}

/** The prompt ids of a pair: a pre-rendered prompt as it is (with BOS where the tokenizer adds one), else through the chat template. */
export function pairPromptIds(tok: ModelTokenizer, pair: SftPair): number[] {
  return pair.renderedPrompt !== undefined ? tok.encode(pair.renderedPrompt, { addSpecialTokens: true }) : promptIds(tok, pair.prompt);
}

/**
 * Tokenizes prompt + completion (+ EOS) and masks the prompt, so the loss counts only the reply.
 * Prompt and completion are encoded separately, so the boundary is exact whatever the tokenizer
 * merges across it. Examples longer than `maxLength` are cut from the end.
 */
export function toTrainExample(tok: ModelTokenizer, pair: SftPair, maxLength: number): TrainExample {
  const p = pairPromptIds(tok, pair);
  const c = tok.encode(pair.completion, { addSpecialTokens: false });
  const eos = tok.special.eos?.id;
  const completion = eos === undefined || eos === null ? c : [...c, eos];
  const ids = [...p, ...completion].slice(0, maxLength);
  const targetMask = [...p.map(() => 0), ...completion.map(() => 1)].slice(0, maxLength);
  return { ids, targetMask };
}
