import { AppError } from '../../../electron/contract/errors.js';
import type { ChatMessage } from '../../models/chat-template.js';

/**
 * Converts a model's Jinja chat template to an Ollama TEMPLATE (Go text/template over .Messages) for
 * the common families. A family is recognised by its markers, its few free parameters (a constant
 * prefix such as BOS, a default system prompt, the separator after a reply) are read off renders of
 * probe conversations, and the result is only trusted after the template lint renders held-out
 * conversations both ways and finds identical text. Tools, images and thinking are not carried: the
 * TEMPLATE covers system/user/assistant turns, which is what fine-tuning data holds.
 *
 * The templates follow current Ollama's conventions (template/template.go at HEAD): .Messages holds
 * every message, system ones included; the generation header follows a last user turn; a last
 * assistant turn is left open (Ollama continues it) instead of being closed.
 */

export type TemplateFamily = 'chatml' | 'llama3' | 'llama2' | 'mistral' | 'gemma' | 'alpaca';

export interface OllamaChatFormat {
  family: TemplateFamily;
  /** The Go template for the Modelfile's TEMPLATE. */
  template: string;
  /** Strings that end a turn in this family (the EOS tokens are added by the caller). */
  stops: string[];
  /** Whether the chat template accepts a system message. */
  system: boolean;
  notes: string[];
}

/** What the converter needs from a tokenizer: its template, a Jinja render, and its special tokens. */
export interface ChatTemplateSource {
  chatTemplate: string | null;
  render(messages: readonly ChatMessage[], addGenerationPrompt: boolean): string;
  bos: string | null;
  eos: string | null;
  /** Whether encoding with special tokens puts BOS first (Alpaca prompts are encoded that way). */
  addsBos: boolean;
}

const U1 = 'PROBE-USER-1';
const A1 = 'PROBE-ASSISTANT-1';
const U2 = 'PROBE-USER-2';
const S1 = 'PROBE-SYSTEM-1';

/** Go's "last message" test, as Ollama's own templates write it. */
const LAST = '{{ $last := eq (len (slice $.Messages $i)) 1 }}';
const FIRST_NOT_SYSTEM = '{{ if and .Messages (ne (index .Messages 0).Role "system") }}';

function unsupported(detail: string): AppError {
  return new AppError('EXPORT_ERROR', `No verified Ollama TEMPLATE for this chat template: ${detail}. Supported: ChatML (Qwen, the bundled model), Llama 3, Llama 2 [INST], Mistral [INST], Gemma, and Alpaca for models without a template.`, { template: detail });
}

function tryRender(src: ChatTemplateSource, messages: ChatMessage[], gen = true): string | null {
  try {
    return src.render(messages, gen);
  } catch {
    return null; // the template refuses this conversation (e.g. no system role)
  }
}

/** Names an unknown template by its turn markers (special-token-like strings), else by its opening. */
function describe(template: string): string {
  const markers = [...new Set(template.match(/<\|[A-Za-z_]+\|>|<[a-z_]+>|\[[A-Z_/]+\]/g) ?? [])].slice(0, 6);
  if (markers.length) return `an unknown template with turn markers ${markers.join(', ')}`;
  const opening = template.trim().replace(/\s+/g, ' ');
  return `an unknown template starting "${opening.slice(0, 80)}${opening.length > 80 ? '…' : ''}"`;
}

function chatml(src: ChatTemplateSource): OllamaChatFormat {
  const single = src.render([{ role: 'user', content: U1 }], true);
  const at = single.indexOf(`<|im_start|>user\n${U1}<|im_end|>\n`);
  if (at < 0 || !single.endsWith('<|im_start|>assistant\n')) throw unsupported(`ChatML-like template renders an unexpected turn layout`);
  let prefix = single.slice(0, at);
  let defaultSystem: string | null = null;
  const sys = /<\|im_start\|>system\n([\s\S]*)<\|im_end\|>\n$/.exec(prefix);
  if (sys) {
    defaultSystem = sys[1]!;
    prefix = prefix.slice(0, sys.index);
  }
  const notes = defaultSystem !== null ? [`the template adds a default system prompt when there is none: "${defaultSystem}"`] : [];
  const template =
    prefix +
    (defaultSystem !== null ? `${FIRST_NOT_SYSTEM}<|im_start|>system\n${defaultSystem}<|im_end|>\n{{ end }}` : '') +
    `{{ range $i, $_ := .Messages }}${LAST}<|im_start|>{{ .Role }}\n{{ .Content }}` +
    `{{ if or (ne .Role "assistant") (not $last) }}<|im_end|>\n{{ end }}` +
    `{{ if and $last (ne .Role "assistant") }}<|im_start|>assistant\n{{ end }}{{ end }}`;
  return { family: 'chatml', template, stops: ['<|im_end|>'], system: true, notes };
}

function llama3(src: ChatTemplateSource): OllamaChatFormat {
  const header = (role: string) => `<|start_header_id|>${role}<|end_header_id|>\n\n`;
  const single = src.render([{ role: 'user', content: U1 }], true);
  const at = single.indexOf(`${header('user')}${U1}<|eot_id|>`);
  if (at < 0 || !single.endsWith(header('assistant'))) throw unsupported('Llama-3-like template renders an unexpected turn layout');
  let prefix = single.slice(0, at);
  // Llama 3.1+ always writes a system block (knowledge cut-off and date) and puts the system prompt after it.
  let defaultSystem: string | null = null;
  const block = new RegExp(`${escape(header('system'))}([\\s\\S]*)<\\|eot_id\\|>$`).exec(prefix);
  if (block) {
    defaultSystem = block[1]!;
    prefix = prefix.slice(0, block.index);
  }
  const withSystem = tryRender(src, [{ role: 'system', content: S1 }, { role: 'user', content: U1 }]);
  const sysAt = withSystem?.indexOf(`${S1}<|eot_id|>`) ?? -1;
  const sysHeaderAt = withSystem?.indexOf(header('system')) ?? -1;
  const systemPreamble = withSystem && sysAt >= 0 && sysHeaderAt >= 0 ? withSystem.slice(sysHeaderAt + header('system').length, sysAt) : '';
  const notes = ['the chat template trims each message; Ollama passes messages as they are, so keep them free of leading/trailing whitespace'];
  if (defaultSystem !== null) notes.push(`the template always writes a system block; without a system prompt it holds "${defaultSystem.trim()}"`);
  const template =
    prefix +
    (defaultSystem !== null ? `${FIRST_NOT_SYSTEM}${header('system')}${defaultSystem}<|eot_id|>{{ end }}` : '') +
    `{{ range $i, $_ := .Messages }}${LAST}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n` +
    (systemPreamble ? `{{ if and (eq $i 0) (eq .Role "system") }}${systemPreamble}{{ end }}` : '') +
    `{{ .Content }}{{ if or (ne .Role "assistant") (not $last) }}<|eot_id|>{{ end }}` +
    `{{ if and $last (ne .Role "assistant") }}${header('assistant')}{{ end }}{{ end }}`;
  return { family: 'llama3', template, stops: ['<|eot_id|>', '<|eom_id|>'], system: withSystem !== null, notes };
}

function llama2(src: ChatTemplateSource): OllamaChatFormat {
  const bos = src.bos ?? '';
  const eos = src.eos ?? '';
  const multi = src.render([{ role: 'user', content: U1 }, { role: 'assistant', content: A1 }, { role: 'user', content: U2 }], true);
  const expected = `${bos}[INST] ${U1} [/INST] ${A1} ${eos}${bos}[INST] ${U2} [/INST]`;
  if (multi !== expected) throw unsupported(`Llama-2 [INST] template renders ${JSON.stringify(multi)}, expected ${JSON.stringify(expected)}`);
  const template =
    `{{ range $i, $_ := .Messages }}${LAST}{{ if eq .Role "user" }}${bos}[INST] ` +
    `{{ if and (eq $i 1) (eq (index $.Messages 0).Role "system") }}<<SYS>>\n{{ (index $.Messages 0).Content }}\n<</SYS>>\n\n{{ end }}` +
    `{{ .Content }} [/INST]{{ else if eq .Role "assistant" }} {{ .Content }}{{ if not $last }} ${eos}{{ end }}{{ end }}{{ end }}`;
  return { family: 'llama2', template, stops: [eos].filter(Boolean), system: true, notes: ['the chat template trims each message; Ollama passes messages as they are'] };
}

function mistral(src: ChatTemplateSource): OllamaChatFormat {
  const single = src.render([{ role: 'user', content: U1 }], true);
  const at = single.indexOf(`[INST] ${U1} [/INST]`);
  if (at < 0 || !single.endsWith(' [/INST]')) throw unsupported('Mistral [INST] template renders an unexpected turn layout');
  const prefix = single.slice(0, at);
  const multi = src.render([{ role: 'user', content: U1 }, { role: 'assistant', content: A1 }, { role: 'user', content: U2 }], true);
  const m = new RegExp(`^${escape(prefix)}\\[INST\\] ${U1} \\[/INST\\]${A1}([\\s\\S]*)\\[INST\\] ${U2} \\[/INST\\]$`).exec(multi);
  if (!m) throw unsupported(`Mistral [INST] template renders ${JSON.stringify(multi)}`);
  const afterReply = m[1]!;
  const template =
    prefix +
    `{{ range $i, $_ := .Messages }}${LAST}{{ if eq .Role "user" }}[INST] {{ .Content }} [/INST]` +
    `{{ else if eq .Role "assistant" }}{{ .Content }}{{ if not $last }}${afterReply}{{ end }}{{ end }}{{ end }}`;
  const system = tryRender(src, [{ role: 'system', content: S1 }, { role: 'user', content: U1 }]) !== null;
  if (system) throw unsupported('Mistral template with a system role (a newer Mistral format)');
  return { family: 'mistral', template, stops: [src.eos ?? ''].filter(Boolean), system: false, notes: ['the chat template has no system role'] };
}

function gemma(src: ChatTemplateSource): OllamaChatFormat {
  const single = src.render([{ role: 'user', content: U1 }], true);
  const at = single.indexOf(`<start_of_turn>user\n${U1}<end_of_turn>\n`);
  if (at < 0 || !single.endsWith('<start_of_turn>model\n')) throw unsupported('Gemma-like template renders an unexpected turn layout');
  const prefix = single.slice(0, at);
  if (tryRender(src, [{ role: 'system', content: S1 }, { role: 'user', content: U1 }]) !== null) throw unsupported('Gemma template with a system role (Gemma 3 folds it into the first turn)');
  const template =
    prefix +
    `{{ range $i, $_ := .Messages }}${LAST}<start_of_turn>{{ if eq .Role "assistant" }}model{{ else }}{{ .Role }}{{ end }}\n{{ .Content }}` +
    `{{ if or (ne .Role "assistant") (not $last) }}<end_of_turn>\n{{ end }}` +
    `{{ if and $last (ne .Role "assistant") }}<start_of_turn>model\n{{ end }}{{ end }}`;
  return { family: 'gemma', template, stops: ['<end_of_turn>'], system: false, notes: ['the chat template has no system role', 'the chat template trims each message; Ollama passes messages as they are'] };
}

/** The engine's prompt for a model without a chat template (sft-examples ALPACA_PROMPT): user turns joined, system ignored. */
function alpaca(src: ChatTemplateSource): OllamaChatFormat {
  const bos = src.addsBos && src.bos ? src.bos : '';
  const template =
    `${bos}### Instruction:\n{{ $first := true }}{{ range .Messages }}{{ if eq .Role "user" }}{{ if not $first }}\n\n{{ end }}{{ .Content }}{{ $first = false }}{{ end }}{{ end }}\n\n### Response:\n`;
  return {
    family: 'alpaca',
    template,
    stops: [],
    system: false,
    notes: ['the model has no chat template: the Alpaca prompt the engine trains with is used', 'the Alpaca prompt has no system part and keeps only user turns'],
  };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Picks the family by its markers and builds the TEMPLATE; an unknown template is an EXPORT_ERROR naming it. */
export function ollamaChatFormat(src: ChatTemplateSource): OllamaChatFormat {
  const t = src.chatTemplate;
  if (t === null) return alpaca(src);
  if (t.includes('<|im_start|>')) return chatml(src);
  if (t.includes('<|start_header_id|>')) return llama3(src);
  if (t.includes('<start_of_turn>')) return gemma(src);
  if (t.includes('[INST]') && t.includes('<<SYS>>')) return llama2(src);
  if (t.includes('[INST]')) return mistral(src);
  throw unsupported(describe(t));
}
