import fs from 'node:fs/promises';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { AppError } from '../../electron/contract/errors.js';
import { readChatTemplates, renderChatTemplate, type ChatMessage, type ChatTemplates } from './chat-template.js';
import { errorText, modelError } from './model-error.js';

export type { ChatMessage } from './chat-template.js';

export interface SpecialToken {
  content: string;
  /** null when the name is not in the vocabulary (a flaw the folder inspection reports). */
  id: number | null;
}

export interface SpecialTokens {
  bos: SpecialToken | null;
  eos: SpecialToken | null;
  pad: SpecialToken | null;
  unk: SpecialToken | null;
}

export interface ApplyChatTemplateOptions {
  addGenerationPrompt: boolean;
  /** Which of several named templates; "default" when absent (as transformers does). */
  templateName?: string;
  /** Extra template variables, e.g. tools or enable_thinking. */
  variables?: Record<string, unknown>;
}

async function readJson(file: string, required: boolean): Promise<Record<string, unknown> | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw modelError(file, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `cannot read (${errorText(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw modelError(file, `not valid JSON (${errorText(err)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw modelError(file, 'not a JSON object');
  return json as Record<string, unknown>;
}

/** tokenizer_config.json writes a special token as a string, or as {"content": ..., "__type": "AddedToken"} in older files. */
function tokenName(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  return null;
}

/**
 * A model's tokenizer: tokenizer.json run by @huggingface/tokenizers (normalizer, pre-tokenizer,
 * model, post-processor and decoder exactly as the file says), plus tokenizer_config.json's special
 * tokens and chat template.
 */
export class ModelTokenizer {
  readonly special: SpecialTokens;
  /** Highest token id + 1, added tokens included: the embedding rows the ids need. */
  readonly vocabSize: number;

  private constructor(
    readonly dir: string,
    private readonly tokenizer: Tokenizer,
    private readonly config: Record<string, unknown>,
    readonly chatTemplates: ChatTemplates,
  ) {
    let maxId = -1; // a loop, not Math.max(...): 150k arguments can overflow the stack
    for (const id of tokenizer.get_vocab(true).values()) maxId = Math.max(maxId, id);
    this.vocabSize = maxId + 1;
    this.special = {
      bos: this.resolve(config.bos_token),
      eos: this.resolve(config.eos_token),
      pad: this.resolve(config.pad_token),
      unk: this.resolve(config.unk_token),
    };
  }

  /** Loads `dir`/tokenizer.json (required) and `dir`/tokenizer_config.json (optional). */
  static async load(dir: string): Promise<ModelTokenizer> {
    const file = path.join(dir, 'tokenizer.json');
    const json = (await readJson(file, true))!;
    const config = (await readJson(path.join(dir, 'tokenizer_config.json'), false)) ?? {};
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(json, config);
    } catch (err) {
      throw modelError(file, `not a usable tokenizer (${errorText(err)})`);
    }
    return new ModelTokenizer(dir, tokenizer, config, await readChatTemplates(dir, config));
  }

  /** The default chat template, or null when the model has none (typical of base models). */
  get chatTemplate(): string | null {
    return this.chatTemplates.default ?? null;
  }

  tokenToId(token: string): number | null {
    return this.tokenizer.token_to_id(token) ?? null;
  }

  idToToken(id: number): string | null {
    return this.tokenizer.id_to_token(id) ?? null;
  }

  /**
   * Token ids of `text`. addSpecialTokens runs tokenizer.json's post-processor (Llama's adds <s>).
   * Special tokens written in the text (e.g. "<|im_start|>") become their ids, as in transformers.
   */
  encode(text: string, opts: { addSpecialTokens: boolean } = { addSpecialTokens: true }): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: opts.addSpecialTokens }).ids;
  }

  /**
   * Text of `ids`. Ids at or past the vocabulary are dropped, as the Rust tokenizers do: a model's
   * embedding is often padded past its tokenizer (Qwen2: 151936 rows, 151669 tokens) and can sample them.
   */
  decode(ids: readonly number[], opts: { skipSpecialTokens: boolean } = { skipSpecialTokens: false }): string {
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0) throw new AppError('VALIDATION_ERROR', `token id ${id} is not a non-negative integer`);
    }
    const known = ids.filter((id) => id < this.vocabSize);
    // The library throws on an empty list; the text of no tokens is "".
    return known.length === 0 ? '' : this.tokenizer.decode(known, { skip_special_tokens: opts.skipSpecialTokens });
  }

  /** Renders the chat template with the variables transformers passes (messages, special tokens, add_generation_prompt). */
  applyChatTemplate(messages: readonly ChatMessage[], opts: ApplyChatTemplateOptions): string {
    const tokens: Record<string, string> = {};
    for (const key of ['bos_token', 'eos_token', 'pad_token', 'unk_token'] as const) {
      const name = tokenName(this.config[key]);
      if (name !== null) tokens[key] = name;
    }
    return renderChatTemplate(this.chatTemplates, opts.templateName ?? 'default', {
      ...opts.variables,
      ...tokens,
      messages,
      add_generation_prompt: opts.addGenerationPrompt,
    });
  }

  private resolve(value: unknown): SpecialToken | null {
    const content = tokenName(value);
    return content === null ? null : { content, id: this.tokenToId(content) };
  }
}
