import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Job } from '../../../electron/contract/jobs.js';
import { DB_FILE_NAME } from '../../../electron/store/database.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { startWebProcess, type WebProcess } from '../../helpers/web-process.js';

const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const DATA = path.join(repoRoot, 'resources', 'datasets', 'demo-instructions.jsonl');
const servers: WebProcess[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

/** A browser-mode client: the renderer's WebSocket framing ({id, name, req} -> {id, result}). */
async function connect(server: WebProcess) {
  const url = new URL(server.launchUrl);
  const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`);
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  let next = 1;
  const call = (name: string, req: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const id = next++;
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(String(data)) as { id?: number; result?: { ok: boolean; data?: unknown; error?: { code: string; message: string } } };
        if (msg.id !== id) return;
        ws.off('message', onMessage);
        if (msg.result?.ok) resolve(msg.result.data);
        else reject(Object.assign(new Error(msg.result?.error?.message ?? 'no result'), msg.result?.error));
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, name, req }));
    });
  return { call, close: () => ws.close() };
}

describe('browser-mode server killed mid-training (real processes)', () => {
  it('marks the job interrupted on restart, resumes it to completion, and leaves a sound database', async () => {
    const home = tempDir();
    const first = await startWebProcess(home);
    servers.push(first);
    const a = await connect(first);
    const outDir = path.join(home, 'runs', 'web-crash');
    const spec = { model: DEMO, data: DATA, outDir, epochs: 2, batchSize: 2, maxLength: 64, checkpointEvery: 4, seed: 3 };
    const job = (await a.call('jobs:start', { kind: 'train', spec })) as Job;
    await waitFor(() => fs.existsSync(path.join(outDir, 'checkpoints', 'step-00000004')), 90_000, 'the first checkpoint');
    expect(((await a.call('jobs:get', { id: job.id })) as Job).state).toBe('running');
    a.close();
    first.child.kill('SIGKILL');
    expect(await first.stop()).toBe('SIGKILL');
    servers.splice(0);

    const second = await startWebProcess(home);
    servers.push(second);
    const b = await connect(second);
    const interrupted = (await b.call('jobs:get', { id: job.id })) as Job;
    expect(interrupted.state).toBe('interrupted');
    expect(((await b.call('jobs:resume', { id: job.id })) as Job).spec).toMatchObject({ resume: true });
    const done = await waitFor(async () => {
      const j = (await b.call('jobs:get', { id: job.id })) as Job;
      return ['completed', 'failed', 'cancelled'].includes(j.state) ? j : undefined;
    }, 120_000, 'the resumed job');
    expect(done.state).toBe('completed');
    expect(done.result).toMatchObject({ status: 'completed', resumedFromStep: expect.any(Number) });
    b.close();
    expect(await second.stop()).toBe(0);
    servers.splice(0);

    const db = new Database(path.join(home, DB_FILE_NAME), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  }, 300_000);
});
