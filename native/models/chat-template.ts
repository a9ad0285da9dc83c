import fs from 'node:fs/promises';
import path from 'node:path';
import { Template } from '@huggingface/jinja';
import { AppError } from '../../electron/contract/errors.js';
import { errorText, modelError } from './model-error.js';

export interface ChatMessage {
  role: string;
  content: string;
}

/** Named chat templates; the one transformers uses unless told otherwise is "default". */
export type ChatTemplates = Readonly<Record<string, string>>;

/**
 * tokenizer_config.json's chat_template is a string, or a list of {name, template} (transformers
 * >= 4.34 "multiple templates", e.g. "default" and "tool_use").
 */
function templatesFrom(value: unknown, file: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') return { default: value };
  if (Array.isArray(value)) {
    const out: Record<string, string> = {};
    for (const entry of value) {
      const { name, template } = (entry ?? {}) as { name?: unknown; template?: unknown };
      if (typeof name !== 'string' || typeof template !== 'string') throw modelError(file, 'chat_template list entries need a string name and template');
      out[name] = template;
    }
    return out;
  }
  throw modelError(file, 'chat_template must be a string or a list of {name, template}');
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw modelError(file, `cannot read (${errorText(err)})`);
  }
}

/**
 * A model's chat templates. transformers >= 4.43 saves the template as chat_template.jinja beside the
 * tokenizer, and a file there overrides tokenizer_config.json's chat_template when loading.
 */
export async function readChatTemplates(dir: string, tokenizerConfig: Record<string, unknown>): Promise<ChatTemplates> {
  const templates = templatesFrom(tokenizerConfig.chat_template, path.join(dir, 'tokenizer_config.json'));
  const jinja = await readIfExists(path.join(dir, 'chat_template.jinja'));
  if (jinja !== null) templates.default = jinja;
  return templates;
}

const parsedCache = new Map<string, Template>();

function parse(source: string, name: string): Template {
  let template = parsedCache.get(source);
  if (template) return template;
  try {
    template = new Template(source);
  } catch (err) {
    throw new AppError('MODEL_ERROR', `chat template '${name}' does not parse (${errorText(err)})`, { template: name });
  }
  parsedCache.set(source, template);
  return template;
}

/**
 * Renders one of `templates` with @huggingface/jinja. A template that fails while rendering is usually
 * refusing the conversation (raise_exception, e.g. "roles must alternate"), so that is a DATA_ERROR.
 */
export function renderChatTemplate(templates: ChatTemplates, name: string, variables: Record<string, unknown>): string {
  const source = templates[name];
  if (source === undefined) {
    const names = Object.keys(templates);
    throw new AppError('MODEL_ERROR', names.length === 0
      ? 'the model has no chat template (tokenizer_config.json has no chat_template and there is no chat_template.jinja)'
      : `no chat template named '${name}' (the model has: ${names.join(', ')})`, { template: name });
  }
  try {
    return parse(source, name).render(variables);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('DATA_ERROR', `chat template '${name}' refused the conversation: ${errorText(err)}`, { template: name });
  }
}
