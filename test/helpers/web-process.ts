import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './fixtures.js';

export interface WebProcess {
  child: ChildProcess;
  launchUrl: string;
  baseUrl: string;
  output: () => string;
  /** SIGTERM, then the exit code (or the signal that ended it). */
  stop(): Promise<number | string>;
}

/** Starts the built browser-mode server (`node dist/electron/web.js`) on a free port. */
export function startWebProcess(home: string, timeoutMs = 30_000): Promise<WebProcess> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'electron', 'web.js'), '--port', '0'], {
    env: { ...process.env, FINETUNE_STUDIO_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // Never leave a server behind if the test process itself goes away first.
  process.once('exit', () => child.kill('SIGKILL'));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web.js printed no URL within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/)\?token=([\w-]+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        child,
        launchUrl: `${m[1]}?token=${m[2]}`,
        baseUrl: m[1]!,
        output: () => out,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          // A server that hangs on shutdown is killed rather than left behind; the caller sees 'SIGKILL'.
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          const code = await exited;
          clearTimeout(timer);
          return code;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web.js exited with ${code} before printing its URL:\n${out}`));
    });
  });
}
