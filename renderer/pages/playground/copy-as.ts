import type { PromptMode, SamplingParams } from '../../../electron/contract/playground.js';

/** Quotes for a POSIX shell: single quotes, with each ' written as '\''. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `ollama run NAME "prompt"`: the prompt as one argument. */
export function ollamaRunCommand(name: string, prompt: string): string {
  return `ollama run ${name} ${shellQuote(prompt)}`;
}

/** Ollama's option names for our sampling parameters (its API: temperature, top_p, top_k, repeat_penalty, num_predict, seed, stop). */
export function ollamaOptions(p: SamplingParams): Record<string, unknown> {
  const o: Record<string, unknown> = p.greedy
    ? { temperature: 0 }
    : { temperature: p.temperature, top_p: p.topP, top_k: p.topK, repeat_penalty: p.repetitionPenalty };
  o.num_predict = p.maxNewTokens;
  o.seed = p.seed;
  if (p.stop.length) o.stop = p.stop;
  return o;
}

/** A curl call to a local Ollama: /api/chat for chat mode (with the system prompt), /api/generate with raw: true for completion. */
export function ollamaCurlCommand(name: string, mode: PromptMode, system: string, prompt: string, params: SamplingParams): string {
  const body =
    mode === 'chat'
      ? { model: name, messages: [...(system.trim() ? [{ role: 'system', content: system }] : []), { role: 'user', content: prompt }], stream: false, options: ollamaOptions(params) }
      : { model: name, prompt, raw: true, stream: false, options: ollamaOptions(params) };
  return `curl http://localhost:11434/api/${mode === 'chat' ? 'chat' : 'generate'} -d ${shellQuote(JSON.stringify(body))}`;
}

/** The name Ollama knows an exported GGUF by: the Ollama export's name, else the file name (after `ollama create`). */
export function ollamaNameFor(ollamaName: string | null, ggufPath: string): string {
  if (ollamaName) return ollamaName;
  const base = ggufPath.split(/[\\/]/).pop() ?? 'model';
  return base.replace(/\.gguf$/i, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-') || 'model';
}
