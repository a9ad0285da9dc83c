import { AppError } from '../../../electron/contract/errors.js';
import type { ExportSample, ExportValidation } from '../../../electron/contract/exports.js';
import type { ChatMessage } from '../../models/chat-template.js';
import type { ModelTokenizer } from '../../models/tokenizer.js';
import { promptIds, promptText, type SftPair } from '../../engine/sft-examples.js';
import { GoTemplate, GoTemplateError } from './go-template.js';
import { renderOllamaPrompt } from './ollama-prompt.js';
import type { ChatTemplateSource, OllamaChatFormat } from './template-families.js';

/** The converter's view of a tokenizer: its Jinja template through our own chat-template path. */
export function templateSource(tok: ModelTokenizer): ChatTemplateSource {
  const probe = 'x';
  const bos = tok.special.bos;
  const withSpecial = tok.encode(probe, { addSpecialTokens: true });
  const without = tok.encode(probe, { addSpecialTokens: false });
  return {
    chatTemplate: tok.chatTemplate,
    render: (messages, addGenerationPrompt) => tok.applyChatTemplate(messages, { addGenerationPrompt }),
    bos: bos?.content ?? null,
    eos: tok.special.eos?.content ?? null,
    addsBos: bos?.id != null && withSpecial[0] === bos.id && without[0] !== bos.id,
  };
}

/**
 * The prompt text training fed the model for `messages` (sft-examples promptText: the chat template
 * with the generation prompt, or the Alpaca prompt), with BOS written out where the tokenizer adds it
 * (Alpaca path only: a chat template writes BOS itself). Our GGUF says add_bos_token=false, so Ollama
 * sees exactly the TEMPLATE's text.
 */
export function trainingPromptText(tok: ModelTokenizer, src: ChatTemplateSource, messages: readonly ChatMessage[]): string {
  const text = promptText(tok, messages);
  return !tok.chatTemplate && src.addsBos && src.bos ? src.bos + text : text;
}

export interface LintConversation {
  label: string;
  messages: ChatMessage[];
}

/**
 * Conversations for the lint: the held-out rows' prompts, plus constructed multi-turn and system
 * variants (system ones only where the template has a system role). Rows written as fixed prompt
 * text (prompt_text, plain text) bypass the chat template in training, so they are not compared.
 */
export function lintConversations(pairs: readonly SftPair[], format: OllamaChatFormat): { conversations: LintConversation[]; skipped: number } {
  const conversations: LintConversation[] = [];
  let skipped = 0;
  pairs.forEach((p, i) => {
    if (p.renderedPrompt !== undefined || p.prompt.length === 0) skipped++;
    else conversations.push({ label: `row ${i + 1}`, messages: p.prompt });
  });
  const first = pairs.find((p) => p.renderedPrompt === undefined && p.prompt.length > 0);
  const user = first?.prompt.findLast((m) => m.role === 'user')?.content ?? 'What can you do?';
  const reply = first?.completion ?? 'I can answer questions.';
  const multi: ChatMessage[] = [
    { role: 'user', content: user },
    { role: 'assistant', content: reply },
    { role: 'user', content: 'And one more thing: say it again, shorter.' },
  ];
  conversations.push({ label: 'constructed multi-turn', messages: multi });
  if (format.system) {
    const system = { role: 'system', content: 'You are a concise assistant.\nAnswer in one sentence.' };
    conversations.push({ label: 'constructed system + user', messages: [system, { role: 'user', content: user }] });
    conversations.push({ label: 'constructed system + multi-turn', messages: [system, ...multi] });
  }
  return { conversations, skipped };
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Renders every conversation through the training template and through the Modelfile TEMPLATE (as
 * Ollama would, with the Modelfile SYSTEM injected where the conversation has none) and requires the
 * same text and the same token ids. The first difference fails the export with both texts around it.
 */
export function lintTemplate(tok: ModelTokenizer, format: OllamaChatFormat, conversations: readonly LintConversation[], modelfileSystem?: string): ExportValidation {
  const src = templateSource(tok);
  let go: GoTemplate;
  try {
    go = new GoTemplate(format.template);
  } catch (err) {
    throw new AppError('EXPORT_ERROR', `the generated Ollama TEMPLATE does not parse: ${(err as Error).message}`);
  }
  const samples: ExportSample[] = [];
  for (const c of conversations) {
    const asOllamaSees = modelfileSystem && c.messages[0]?.role !== 'system' ? [{ role: 'system', content: modelfileSystem }, ...c.messages] : c.messages;
    const engine = trainingPromptText(tok, src, asOllamaSees);
    let runtime: string;
    try {
      runtime = renderOllamaPrompt(go, c.messages, modelfileSystem);
    } catch (err) {
      if (!(err instanceof GoTemplateError)) throw err;
      runtime = `<template error: ${err.message}>`;
    }
    const sameIds = engine === runtime && sameArray(promptIds(tok, asOllamaSees), tok.encode(runtime, { addSpecialTokens: false }));
    samples.push({ prompt: `${c.label}: ${c.messages.map((m) => `${m.role}: ${m.content}`).join(' | ')}`, engine, runtime, match: sameIds });
    if (!sameIds) {
      const at = firstDifference(engine, runtime);
      const around = (s: string) => JSON.stringify(s.slice(Math.max(0, at - 40), at + 40));
      const why = engine === runtime ? 'the texts are equal but tokenize differently' : `they differ at character ${at}: training ${around(engine)} vs Ollama ${around(runtime)}`;
      throw new AppError(
        'EXPORT_ERROR',
        `Template lint failed on ${c.label}: the Ollama TEMPLATE (${format.family}) does not reproduce the training prompt; ${why}.${format.notes.length ? ` Note: ${format.notes.join('; ')}.` : ''}`,
        { family: format.family, conversation: c.label, engine, runtime },
      );
    }
  }
  return {
    runtime: `Ollama TEMPLATE (${format.family}) rendered by an in-process Go text/template subset vs the training chat template`,
    prompts: samples.length,
    identical: samples.length,
    tokenAgreement: 1,
    passed: true,
    notes: [`template family: ${format.family}`, ...format.notes],
    samples,
  };
}

function sameArray(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
