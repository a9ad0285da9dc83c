import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FromWorker } from '../../../native/protocol.js';
import { ollamaBaseUrl } from '../../../native/export/ollama/ollama-http.js';
import { createInOllama, exportOllama } from '../../../native/tasks/export-ollama.js';
import { reporterFor } from '../../../native/tasks/task.js';
import { ExportSpec, type ExportSpecInput } from '../../../electron/contract/exports.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';

const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const DATA = path.join(repoRoot, 'resources', 'datasets', 'demo-instructions.jsonl');

interface Seen {
  method: string;
  url: string;
  body?: unknown;
}

/** A stand-in for Ollama's HTTP API that checks what it is sent: blob digests and the create body. */
async function fakeOllama(): Promise<{ base: string; seen: Seen[]; blobs: Map<string, number>; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const blobs = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = req.url ?? '';
      const blob = /^\/api\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url)?.[1];
      if (req.method === 'GET' && url === '/api/version') return void res.end(JSON.stringify({ version: '0.12.0' }));
      if (req.method === 'HEAD' && blob) {
        seen.push({ method: 'HEAD', url });
        res.statusCode = blobs.has(blob) ? 200 : 404;
        return void res.end();
      }
      if (req.method === 'POST' && blob) {
        const actual = `sha256:${crypto.createHash('sha256').update(body).digest('hex')}`;
        seen.push({ method: 'POST', url, body: { bytes: body.length, actual } });
        if (actual !== blob) {
          res.statusCode = 400;
          return void res.end(JSON.stringify({ error: 'digest mismatch' }));
        }
        blobs.set(blob, body.length);
        res.statusCode = 201;
        return void res.end();
      }
      if (req.method === 'POST' && url === '/api/create') {
        const json = JSON.parse(body.toString('utf8')) as { files?: Record<string, string> };
        seen.push({ method: 'POST', url, body: json });
        const digest = Object.values(json.files ?? {})[0];
        if (!digest || !blobs.has(digest)) {
          res.statusCode = 400;
          return void res.end(JSON.stringify({ error: `blob ${String(digest)} not found` }));
        }
        res.setHeader('Content-Type', 'application/x-ndjson');
        const lines = [{ status: 'parsing GGUF' }, { status: `using existing layer ${digest}` }, { status: 'writing manifest' }, { status: 'success' }];
        let i = 0;
        const next = () => {
          if (i === lines.length) return void res.end();
          res.write(`${JSON.stringify(lines[i++])}\n`);
          setTimeout(next, 5);
        };
        return next();
      }
      res.statusCode = 404;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, seen, blobs, close: () => new Promise((r) => server.close(() => r())) };
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const saved = { OLLAMA_HOST: process.env.OLLAMA_HOST, PATH: process.env.PATH };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

function run(spec: ExportSpecInput, messages: FromWorker[] = []) {
  return exportOllama(ExportSpec.parse(spec), { signal: new AbortController().signal, report: reporterFor((m) => messages.push(m)) });
}

describe('Ollama export', () => {
  it('reads OLLAMA_HOST as Ollama does', () => {
    expect(ollamaBaseUrl({})).toBe('http://127.0.0.1:11434');
    expect(ollamaBaseUrl({ OLLAMA_HOST: '0.0.0.0' })).toBe('http://0.0.0.0:11434');
    expect(ollamaBaseUrl({ OLLAMA_HOST: 'example.com:8080' })).toBe('http://example.com:8080');
    expect(ollamaBaseUrl({ OLLAMA_HOST: 'https://example.com' })).toBe('https://example.com:443');
    expect(ollamaBaseUrl({ OLLAMA_HOST: '::1' })).toBe('http://[::1]:11434');
  });

  it('one click with a server: proves, writes the folder, uploads the blob by digest and creates the model with progress', async () => {
    const server = await fakeOllama();
    process.env.OLLAMA_HOST = server.base;
    try {
      const dir = tempDir('fts-ollama-http-');
      const out = path.join(dir, 'Demo Tuned');
      const messages: FromWorker[] = [];
      const result = await run({ model: DEMO, format: 'ollama', quant: 'F32', out, data: DATA, prompts: 3, maxNewTokens: 6, ollama: { name: 'demo-tuned', system: 'Answer with one word.', temperature: 0.2, topK: 20 } }, messages);
      expect(result.ollama).toEqual({ name: 'demo-tuned', created: 'http', command: `ollama create demo-tuned -f '${out}/Modelfile'` });
      expect(fs.readdirSync(dir)).toEqual(['Demo Tuned']);
      expect(fs.readdirSync(out)).toEqual(expect.arrayContaining(['Modelfile', 'model.gguf', 'validation.json']));
      expect(result.validations.map((v) => v.passed)).toEqual([true, true]);
      expect(result.validations[0]).toMatchObject({ prompts: 3, identical: 3 });
      expect(result.validations[1]!.runtime).toMatch(/chatml/);

      const sha = crypto.createHash('sha256').update(fs.readFileSync(path.join(out, 'model.gguf'))).digest('hex');
      expect(server.seen.map((s) => `${s.method} ${s.url}`)).toEqual([`HEAD /api/blobs/sha256:${sha}`, `POST /api/blobs/sha256:${sha}`, 'POST /api/create']);
      const modelfile = fs.readFileSync(path.join(out, 'Modelfile'), 'utf8');
      const template = /TEMPLATE """([\s\S]*?)"""/.exec(modelfile)![1];
      expect(server.seen[2]!.body).toEqual({
        model: 'demo-tuned',
        files: { 'model.gguf': `sha256:${sha}` },
        template,
        system: 'Answer with one word.',
        parameters: { stop: ['<|im_end|>', '<|endoftext|>'], temperature: 0.2, top_k: 20 },
        stream: true,
      });
      expect(modelfile).toContain('FROM ./model.gguf\n');
      expect(modelfile).toContain('PARAMETER stop "<|im_end|>"\nPARAMETER stop "<|endoftext|>"\n');
      expect(modelfile).toContain('SYSTEM """Answer with one word."""');
      const statuses = messages.flatMap((m) => (m.type === 'progress' && m.message?.startsWith('Ollama:') ? [m.message] : []));
      expect(statuses).toEqual(expect.arrayContaining(['Ollama: uploading model.gguf', 'Ollama: parsing GGUF', 'Ollama: writing manifest', 'Ollama: success']));

      // A second export of the same weights finds the blob on the server and skips the upload.
      server.seen.length = 0;
      await createInOllama('demo-tuned', path.join(out, 'model.gguf'), sha, path.join(out, 'Modelfile'), { ggufName: 'model.gguf', template: template!, stops: [] }, { signal: new AbortController().signal, report: reporterFor(() => undefined) });
      expect(server.seen.map((s) => s.method)).toEqual(['HEAD', 'POST']);
    } finally {
      await server.close();
    }
  }, 180_000);

  it('without a server or CLI: writes the folder and returns the exact command', async () => {
    process.env.OLLAMA_HOST = `127.0.0.1:${await closedPort()}`;
    process.env.PATH = tempDir('fts-empty-path-');
    const dir = tempDir('fts-ollama-none-');
    const out = path.join(dir, 'demo');
    const messages: FromWorker[] = [];
    const result = await run({ model: DEMO, format: 'ollama', quant: 'F32', out, data: DATA, prompts: 2, maxNewTokens: 4 }, messages);
    expect(result.ollama).toEqual({ name: 'demo', created: 'no', command: `ollama create demo -f ${out}/Modelfile` });
    expect(fs.existsSync(path.join(out, 'model.gguf'))).toBe(true);
    expect(messages.some((m) => m.type === 'log' && m.message.includes(result.ollama!.command))).toBe(true);
  }, 180_000);

  it('with the CLI on PATH and no server: runs `ollama create NAME -f Modelfile` beside the GGUF', async () => {
    process.env.OLLAMA_HOST = `127.0.0.1:${await closedPort()}`;
    const bin = tempDir('fts-fake-ollama-');
    const record = path.join(bin, 'record.txt');
    fs.writeFileSync(path.join(bin, 'ollama'), `#!/bin/sh\necho "$PWD $@" > '${record}'\necho "gathering model components"\necho "success"\n`, { mode: 0o755 });
    process.env.PATH = bin;
    const folder = tempDir('fts-ollama-cli-');
    fs.writeFileSync(path.join(folder, 'model.gguf'), 'GGUF');
    fs.writeFileSync(path.join(folder, 'Modelfile'), 'FROM ./model.gguf\n');
    const logs: string[] = [];
    const created = await createInOllama('demo-cli', path.join(folder, 'model.gguf'), '0'.repeat(64), path.join(folder, 'Modelfile'), { ggufName: 'model.gguf', template: '', stops: [] }, { signal: new AbortController().signal, report: reporterFor((m) => m.type === 'log' && logs.push(m.message)) });
    expect(created).toBe('cli');
    expect(fs.readFileSync(record, 'utf8').trim()).toBe(`${fs.realpathSync(folder)} create demo-cli -f ${path.join(folder, 'Modelfile')}`);
    expect(logs).toContain('ollama: success');
  });

  it('fails before writing anything when the template cannot be converted', async () => {
    const model = tempDir('fts-ollama-zephyr-');
    for (const f of fs.readdirSync(DEMO)) fs.copyFileSync(path.join(DEMO, f), path.join(model, f));
    const config = JSON.parse(fs.readFileSync(path.join(DEMO, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
    config.chat_template = "{% for m in messages %}{{ '<|user|>\n' + m['content'] + eos_token }}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}";
    fs.writeFileSync(path.join(model, 'tokenizer_config.json'), JSON.stringify(config));
    const dir = tempDir('fts-ollama-bad-');
    await expect(run({ model, format: 'ollama', out: path.join(dir, 'x'), data: DATA, ollama: { create: false } })).rejects.toMatchObject({ code: 'EXPORT_ERROR', message: expect.stringContaining('<|user|>') });
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
