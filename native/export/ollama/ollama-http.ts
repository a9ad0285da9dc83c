import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AppError } from '../../../electron/contract/errors.js';

/**
 * The few calls of Ollama's HTTP API that creating a model needs, with Node's fetch (the `ollama` npm
 * client would add a dependency for three requests): GET /api/version to see whether a server
 * answers, HEAD/POST /api/blobs/sha256:<hex> to upload the GGUF (200 = already there; 201 = created;
 * 400 = digest mismatch), and POST /api/create with {model, files: {name: digest}, template, system,
 * parameters, stream}, which answers a stream of JSON lines ({status, digest?, total?, completed?} or
 * {error}) ending in {"status":"success"}.
 */

/** OLLAMA_HOST as Ollama's envconfig.Host reads it: scheme optional (http), port optional (11434, or 80/443 with a scheme). */
export function ollamaBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const raw = (env.OLLAMA_HOST ?? '').trim();
  if (!raw) return 'http://127.0.0.1:11434';
  const m = /^(?:(https?):\/\/)?([^/]*)(\/.*)?$/.exec(raw);
  const scheme = m?.[1] ?? 'http';
  let hostport = m?.[2] ?? '';
  const defaultPort = m?.[1] === 'https' ? '443' : m?.[1] === 'http' ? '80' : '11434';
  if (!hostport) hostport = '127.0.0.1';
  const hasPort = /^\[.*\]:\d+$/.test(hostport) || (/^[^:\]]+:\d+$/.test(hostport));
  const host = hasPort ? hostport : `${hostport.includes(':') && !hostport.startsWith('[') ? `[${hostport}]` : hostport}:${defaultPort}`;
  return `${scheme}://${host}${(m?.[3] ?? '').replace(/\/$/, '')}`;
}

export interface OllamaProgress {
  status: string;
  /** 0..1 where the server says how far it is (blob upload, or a create step with total/completed). */
  fraction?: number;
}

/** The server's version, or null when nothing answers at `base` within `timeoutMs`. */
export async function ollamaVersion(base: string, timeoutMs = 1500): Promise<string | null> {
  try {
    const res = await fetch(`${base}/api/version`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return null;
    const body = (await res.json()) as { version?: unknown };
    return typeof body.version === 'string' ? body.version : null;
  } catch {
    return null;
  }
}

async function errorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const { error } = JSON.parse(text) as { error?: unknown };
    if (typeof error === 'string') return error;
  } catch {
    // not JSON: use the text as it is
  }
  return text.trim() || res.statusText;
}

/** Uploads `file` as blob sha256:<hex> unless the server has it already. */
export async function uploadBlob(base: string, file: string, sha256: string, onProgress: (p: OllamaProgress) => void, signal?: AbortSignal): Promise<'exists' | 'uploaded'> {
  const url = `${base}/api/blobs/sha256:${sha256}`;
  const head = await fetch(url, { method: 'HEAD', signal });
  if (head.ok) return 'exists';
  const { size } = await fs.stat(file);
  let sent = 0;
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  stream.on('data', (chunk) => {
    sent += chunk.length;
    onProgress({ status: 'uploading model.gguf', fraction: size ? sent / size : 1 });
  });
  const res = await fetch(url, {
    method: 'POST',
    body: Readable.toWeb(stream) as ReadableStream<Uint8Array>,
    headers: { 'Content-Type': 'application/octet-stream' },
    // Node's fetch needs duplex 'half' to send a streamed body.
    duplex: 'half',
    signal,
  } as RequestInit & { duplex: 'half' });
  if (res.status !== 201 && res.status !== 200) {
    throw new AppError('EXPORT_ERROR', `Ollama refused the model upload (HTTP ${res.status}): ${await errorText(res)}`);
  }
  await res.body?.cancel();
  return 'uploaded';
}

/** POST /api/create, reporting each streamed status line; throws on an {error} line or a stream without success. */
export async function createModel(base: string, body: Record<string, unknown>, onProgress: (p: OllamaProgress) => void, signal?: AbortSignal): Promise<void> {
  const res = await fetch(`${base}/api/create`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal });
  if (!res.ok || !res.body) throw new AppError('EXPORT_ERROR', `Ollama could not create the model (HTTP ${res.status}): ${await errorText(res)}`);
  const decoder = new TextDecoder();
  let buffered = '';
  let success = false;
  const handle = (line: string) => {
    if (!line.trim()) return;
    let msg: { status?: unknown; error?: unknown; total?: unknown; completed?: unknown };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      throw new AppError('EXPORT_ERROR', `Ollama sent a line that is not JSON while creating the model: ${line.slice(0, 200)}`);
    }
    if (typeof msg.error === 'string') throw new AppError('EXPORT_ERROR', `Ollama could not create the model: ${msg.error}`);
    const status = typeof msg.status === 'string' ? msg.status : '';
    if (status === 'success') success = true;
    const fraction = typeof msg.total === 'number' && typeof msg.completed === 'number' && msg.total > 0 ? msg.completed / msg.total : undefined;
    onProgress({ status, fraction });
  };
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      handle(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
    }
  }
  handle(buffered + decoder.decode());
  if (!success) throw new AppError('EXPORT_ERROR', 'Ollama ended the create stream without "success"');
}
