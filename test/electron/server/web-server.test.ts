import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from '../../../electron/server/web-server.js';
import { Services } from '../../../electron/services.js';
import { fixtureWorker } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';

let server: WebServer | null = null;
let services: Services | null = null;

afterEach(async () => {
  await server?.close();
  await services?.close();
  server = null;
  services = null;
});

async function start() {
  const renderer = tempDir('fts-renderer-');
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>studio</title>');
  fs.mkdirSync(path.join(renderer, 'assets'));
  fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(renderer), 'secret.txt'), 'do not serve');
  services = new Services({ dataDir: tempDir(), mode: 'web', workerEntry: fixtureWorker('cooperative') });
  server = await startWebServer({ services, rendererDir: renderer, port: 0 });
  return server;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, headers, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wsConnect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, id: number, name: string, req: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as { id?: number | null; result?: unknown };
      if (msg.id === id || (msg.id === null && id < 0)) {
        ws.off('message', onMessage);
        resolve(msg.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(typeof req === 'string' ? req : JSON.stringify({ id, name, req }));
  });
}

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(s.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers 401 to every HTTP request without the token, and with a wrong one', async () => {
    const s = await start();
    for (const p of ['/', '/index.html', '/assets/app.js', '/ws', '/anything']) {
      expect((await get(s.port, p)).status).toBe(401);
    }
    expect((await get(s.port, '/?token=wrong')).status).toBe(401);
    expect((await get(s.port, '/', { Cookie: 'fts_token=wrong' })).status).toBe(401);
  });

  it('answers 401 to a WebSocket upgrade without the token', async () => {
    const s = await start();
    await expect(wsConnect(`ws://127.0.0.1:${s.port}/ws`)).rejects.toThrow(/401/);
    await expect(wsConnect(`ws://127.0.0.1:${s.port}/ws?token=nope`)).rejects.toThrow(/401/);
  });

  it('swaps the launch token for an HttpOnly cookie and then serves files with a strict CSP', async () => {
    const s = await start();
    const first = await get(s.port, `/?token=${s.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const jar = cookie.split(';')[0]!;
    const page = await get(s.port, '/', { Cookie: jar });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>studio</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect((await get(s.port, '/assets/app.js', { Cookie: jar })).headers['content-type']).toMatch(/javascript/);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const s = await start();
    expect((await get(s.port, `/?token=${s.token}`, { Host: 'evil.example:80' })).status).toBe(403);
  });

  it('never serves a file outside the renderer folder', async () => {
    const s = await start();
    const jar = `fts_token=${s.token}`;
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
      const res = await get(s.port, p, { Cookie: jar });
      expect(res.body).not.toContain('do not serve');
    }
  });

  it('refuses a WebSocket from another origin even with the token', async () => {
    const s = await start();
    await expect(wsConnect(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`, { Origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('routes calls over the WebSocket: results, validation errors, malformed frames', async () => {
    const s = await start();
    const ws = await wsConnect(`ws://127.0.0.1:${s.port}/ws`, { Cookie: `fts_token=${s.token}`, Origin: s.url.slice(0, -1) });
    expect(await call(ws, 1, 'app:health', {})).toMatchObject({ ok: true, data: { mode: 'web' } });
    expect(await call(ws, 2, 'jobs:get', { id: 7 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', message: expect.stringMatching(/id/) } });
    expect(await call(ws, -1, '', 'this is not json')).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    ws.close();
  });

  it('pushes only the events a socket subscribed to', async () => {
    const s = await start();
    const ws = await wsConnect(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`);
    const events: string[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { event?: string };
      if (m.event) events.push(m.event);
    });
    await call(ws, 1, 'jobs:start', { kind: 'selftest', spec: {} });
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toEqual([]);
    await call(ws, 2, 'events:subscribe', { event: 'jobs:changed' });
    await call(ws, 3, 'jobs:start', { kind: 'selftest', spec: {} });
    await new Promise((r) => setTimeout(r, 500));
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events)).toEqual(new Set(['jobs:changed']));
    ws.close();
  });
});

function post(port: number, urlPath: string, body: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, headers: { 'Content-Length': String(Buffer.byteLength(body)), ...headers }, method: 'POST' }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('browser-mode uploads', () => {
  it('streams a file into the uploads folder only with the token, our header and a same-origin request', async () => {
    const s = await start();
    const host = { Host: `127.0.0.1:${s.port}` };
    const cookie = { Cookie: `fts_token=${s.token}` };
    const csv = 'instruction,output\n"a, b",c\n';
    expect((await post(s.port, '/api/upload?name=data.csv', csv, { ...host, 'X-Studio-Upload': '1' })).status).toBe(401);
    expect((await post(s.port, `/api/upload?name=data.csv&token=${s.token}`, csv, host)).status).toBe(400);
    expect((await post(s.port, `/api/upload?name=data.csv&token=${s.token}`, csv, { ...host, 'X-Studio-Upload': '1', Origin: 'http://evil.example' })).status).toBe(403);
    const ok = await post(s.port, `/api/upload?name=${encodeURIComponent('../../etc/data.csv')}&token=${s.token}`, csv, { ...host, ...cookie, 'X-Studio-Upload': '1' });
    expect(ok.status).toBe(200);
    const { path: saved } = JSON.parse(ok.body) as { path: string };
    // The name is reduced to a plain file name inside the uploads folder.
    expect(path.basename(saved)).toBe('data.csv');
    expect(saved.startsWith(path.join(services!.opts.dataDir, 'uploads'))).toBe(true);
    expect(fs.readFileSync(saved, 'utf8')).toBe(csv);
  });
});
