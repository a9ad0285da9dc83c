import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../electron/contract/errors.js';

/** The `ollama` executable on PATH (PATHEXT-aware on Windows), or null. */
export async function findOllamaOnPath(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').map((e) => e.toLowerCase()) : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, `ollama${ext}`);
      try {
        await fs.access(candidate, fs.constants.X_OK);
        if ((await fs.stat(candidate)).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** A shell-safe rendering of one argument, for the command we show the user. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(arg)) return arg;
  return process.platform === 'win32' ? `"${arg.replace(/"/g, '\\"')}"` : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function createCommand(name: string, modelfile: string): string {
  return `ollama create ${shellQuote(name)} -f ${shellQuote(modelfile)}`;
}

/**
 * Runs `ollama create NAME -f Modelfile` (no shell: the name and path are plain arguments), forwarding
 * its output lines. The CLI resolves FROM ./model.gguf against the Modelfile's folder and talks to the
 * server itself; it fails when none is running, which is reported with its own words.
 */
export function runOllamaCreate(exe: string, name: string, modelfile: string, onLine: (line: string) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, ['create', name, '-f', modelfile], { cwd: path.dirname(modelfile), stdio: ['ignore', 'pipe', 'pipe'], signal });
    let tail = '';
    const forward = (chunk: Buffer) => {
      // The CLI redraws progress with \r; each redraw is a line for us.
      for (const line of chunk.toString('utf8').split(/[\r\n]+/)) {
        const clean = line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').trim();
        if (clean) {
          onLine(clean);
          tail = clean;
        }
      }
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', (err) => reject(new AppError('EXPORT_ERROR', `Could not run ${exe}: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new AppError('EXPORT_ERROR', `ollama create exited with code ${code}${tail ? `: ${tail}` : ''}`));
    });
  });
}
