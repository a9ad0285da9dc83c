import { AppError } from '../../../electron/contract/errors.js';
import type { OllamaOptions } from '../../../electron/contract/exports.js';

/** What a Modelfile says, also sent as the fields of Ollama's POST /api/create. */
export interface ModelfileSpec {
  /** The GGUF beside the Modelfile, e.g. "model.gguf" (written as FROM ./model.gguf). */
  ggufName: string;
  template: string;
  stops: string[];
  system?: string;
  options?: Pick<OllamaOptions, 'temperature' | 'topP' | 'topK' | 'repeatPenalty' | 'numCtx'>;
  /** A comment line at the top (provenance). */
  header?: string;
}

/** Modelfile PARAMETER names for our options (ollama docs/modelfile.md "Valid Parameters and Values"). */
export function ollamaParameters(spec: ModelfileSpec): Record<string, number | string[]> {
  const o = spec.options ?? {};
  const params: Record<string, number | string[]> = {};
  if (spec.stops.length) params.stop = spec.stops;
  if (o.temperature !== undefined) params.temperature = o.temperature;
  if (o.topP !== undefined) params.top_p = o.topP;
  if (o.topK !== undefined) params.top_k = o.topK;
  if (o.repeatPenalty !== undefined) params.repeat_penalty = o.repeatPenalty;
  if (o.numCtx !== undefined) params.num_ctx = o.numCtx;
  return params;
}

/**
 * Ollama's Modelfile parser (parser/parser.go) keeps only runes strconv.IsPrint accepts (letters,
 * marks, numbers, punctuation, symbols, ASCII space) plus the tabs and newlines it handles itself, and
 * ends a """ value at the first """ followed by whitespace: such text cannot survive the file.
 */
const NOT_PRINTABLE = /[^\p{L}\p{M}\p{N}\p{P}\p{S} \t\r\n]/u;

function checkValue(what: string, value: string, quote: '"""' | '"'): void {
  const bad = NOT_PRINTABLE.exec(value);
  if (bad) throw new AppError('EXPORT_ERROR', `The Modelfile ${what} contains the character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}, which Ollama's Modelfile parser drops`);
  if (value.includes(quote)) throw new AppError('EXPORT_ERROR', `The Modelfile ${what} contains ${quote}, which would end its quoted value early`);
  if (quote === '"' && /[\r\n]/.test(value)) throw new AppError('EXPORT_ERROR', `The Modelfile ${what} contains a line break`);
}

export function renderModelfile(spec: ModelfileSpec): string {
  checkValue('TEMPLATE', spec.template, '"""');
  const lines: string[] = [];
  if (spec.header) lines.push(...spec.header.split('\n').map((l) => `# ${l}`));
  lines.push(`FROM ./${spec.ggufName}`);
  lines.push(`TEMPLATE """${spec.template}"""`);
  for (const [name, value] of Object.entries(ollamaParameters(spec))) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string') checkValue(`PARAMETER ${name}`, v, '"');
      lines.push(`PARAMETER ${name} ${typeof v === 'string' ? `"${v}"` : String(v)}`);
    }
  }
  if (spec.system !== undefined && spec.system !== '') {
    checkValue('SYSTEM', spec.system, '"""');
    lines.push(`SYSTEM """${spec.system}"""`);
  }
  return `${lines.join('\n')}\n`;
}

/** The body of POST /api/create in its current form: files by digest instead of a Modelfile. */
export function createRequestBody(name: string, spec: ModelfileSpec, ggufSha256: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: name,
    files: { [spec.ggufName]: `sha256:${ggufSha256}` },
    template: spec.template,
    parameters: ollamaParameters(spec),
    stream: true,
  };
  if (spec.system) body.system = spec.system;
  return body;
}

/** `ollama run` name: the given one, else the output folder's name lower-cased and cleaned to Ollama's pattern. */
export function ollamaModelName(given: string | undefined, outDir: string): string {
  if (given) return given;
  const base = outDir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? 'model';
  const cleaned = base.toLowerCase().replace(/[^a-z0-9._:/-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 128);
  return cleaned || 'finetuned';
}
