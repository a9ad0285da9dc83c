import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, EventPayload } from '../contract/events.js';
import type { ClientSession } from '../events/event-hub.js';
import type { Services } from '../services.js';
import { contentSecurityPolicy } from './csp.js';
import { resolveStatic } from './static-files.js';
import { receiveUpload, UPLOAD_PATH } from './upload.js';
import { EXPORT_ZIP_PREFIX } from '../exports/export-zip.js';
import { sendExportZip } from './export-download.js';
import { MAX_WS_MESSAGE_BYTES, TOKEN_COOKIE, WS_PATH, WsRequest } from './ws-protocol.js';

export interface WebServerOptions {
  services: Services;
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface WebServer {
  url: string;
  /** The URL to open: carries the per-launch token once; the server swaps it for a cookie. */
  launchUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function sameToken(a: string | undefined | null, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return v.join('=');
  }
  return undefined;
}

function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  };
}

/**
 * Browser mode: the renderer and the router on 127.0.0.1 only, guarded by a per-launch token.
 * Every HTTP request and WebSocket upgrade without the token (query or cookie) gets 401; a Host
 * header that is not ours (DNS rebinding) or a WebSocket Origin that is not ours gets 403.
 */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const root = path.resolve(opts.rendererDir);
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new Error(`The renderer is not built (${root}/index.html missing): run npm run build`);
  }
  let port = 0;
  const allowedHosts = () => new Set([`${HOST}:${port}`, `localhost:${port}`]);
  const authorised = (req: http.IncomingMessage, url: URL) =>
    sameToken(url.searchParams.get('token'), token) || sameToken(cookieToken(req.headers.cookie), token);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden host');
      return;
    }
    if (!authorised(req, url)) {
      res.writeHead(401, { 'Content-Type': 'text/plain', ...securityHeaders() }).end('Unauthorized: open the URL printed by npm run web');
      return;
    }
    if (req.method === 'POST' && url.pathname === UPLOAD_PATH) {
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) {
        res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden origin');
        return;
      }
      void receiveUpload(req, res, url, opts.services.opts.dataDir);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.searchParams.has('token')) {
      // Swap the token in the URL for a cookie so it does not linger in history or the address bar.
      res
        .writeHead(303, {
          Location: url.pathname,
          'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          ...securityHeaders(),
        })
        .end();
      return;
    }
    if (url.pathname.startsWith(EXPORT_ZIP_PREFIX) && url.pathname.endsWith('.zip')) {
      void sendExportZip(opts.services, url.pathname.slice(EXPORT_ZIP_PREFIX.length, -4), res);
      return;
    }
    const target = resolveStatic(root, url.pathname);
    if (!target) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': target.type, ...securityHeaders() });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(target.file).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const reject = (status: string) => {
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (!allowedHosts().has(req.headers.host ?? '')) return reject('403 Forbidden');
    if (!authorised(req, url)) return reject('401 Unauthorized');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) return reject('403 Forbidden');
    if (url.pathname !== WS_PATH) return reject('404 Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, opts.services));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${HOST}:${port}/`;
  return {
    url,
    launchUrl: `${url}?token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveSocket(ws: WebSocket, services: Services): void {
  const session: ClientSession = {
    id: randomUUID(),
    send<E extends EventName>(event: E, payload: EventPayload<E>) {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
    },
  };
  ws.on('message', (data, isBinary) => {
    void (async () => {
      let parsed: WsRequest;
      try {
        if (isBinary) throw new Error('binary frames are not accepted');
        parsed = WsRequest.parse(JSON.parse(String(data)));
      } catch (err) {
        ws.send(JSON.stringify({ id: null, result: { ok: false, error: { code: 'VALIDATION_ERROR', message: `Malformed message: ${(err as Error).message.slice(0, 200)}` } } }));
        return;
      }
      const result = await services.router.dispatch(parsed.name, parsed.req, { session });
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: parsed.id, result }));
    })();
  });
  ws.on('close', () => services.hub.dropSession(session.id));
}
