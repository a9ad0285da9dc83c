import type { ChatMessage } from '../../models/chat-template.js';
import { GoTemplate, GoTemplateError } from './go-template.js';

/**
 * The prompt text Ollama builds for a chat request, reproduced from its source (ollama/ollama
 * server/routes.go ChatHandler and template/template.go Execute):
 * 1. the Modelfile SYSTEM becomes a leading system message when the request has none;
 * 2. collate(): consecutive messages of the same role are merged with "\n\n", and every system
 *    message's content, joined with "\n\n", is also passed as .System;
 * 3. a template that mentions .Messages is executed once with {System, Messages, Tools, Response: ""}.
 * Templates without .Messages take Ollama's legacy .Prompt/.Response path, which we never write: they
 * are refused here rather than approximated.
 */
export function renderOllamaPrompt(template: GoTemplate, messages: readonly ChatMessage[], modelfileSystem?: string): string {
  if (!template.vars.has('messages')) throw new GoTemplateError('the template does not use .Messages (Ollama would take its legacy .Prompt path)');
  const msgs = [...messages];
  if (modelfileSystem && msgs[0]?.role !== 'system') msgs.unshift({ role: 'system', content: modelfileSystem });
  const system: string[] = [];
  const collated: { Role: string; Content: string }[] = [];
  for (const m of msgs) {
    if (m.role === 'system') system.push(m.content);
    const last = collated[collated.length - 1];
    if (last && last.Role === m.role && m.role !== 'tool') last.Content += `\n\n${m.content}`;
    else collated.push({ Role: m.role, Content: m.content });
  }
  // api.Message's other fields, zero-valued: templates may test them (if .ToolCalls).
  const messagesValue = collated.map((m) => ({ ...m, Images: null, ToolCalls: null, ToolName: '', Thinking: '' }));
  return template.execute({ System: system.join('\n\n'), Messages: messagesValue, Tools: null, Response: '' });
}
