import { afterEach, describe, expect, it } from 'vitest';
import type { SamplingParams } from '../../../electron/contract/playground.js';
import { PlaygroundHistoryRepo } from '../../../electron/playground/history-repo.js';
import { Store } from '../../../electron/store/store.js';
import { tempDir } from '../../helpers/temp-dir.js';

const PARAMS: SamplingParams = { greedy: true, temperature: 0.7, topP: 0.95, topK: 40, repetitionPenalty: 1.1, maxNewTokens: 32, seed: 1, stop: ['###'] };
const STATS = { tokens: 5, timeToFirstTokenMs: 12, tokensPerSecond: 300, stopReason: 'eos' as const, runtime: 'engine (wasm)' };

let store: Store | undefined;
afterEach(() => store?.close());

function repo(): PlaygroundHistoryRepo {
  store = Store.open(tempDir('fts-pg-history-'));
  return new PlaygroundHistoryRepo(store.db);
}

describe('playground history (migration 4)', () => {
  it('saves a run with one answer per target, fills answers in as they finish, lists newest first and per target', () => {
    const h = repo();
    const a = h.create(
      {
        mode: 'chat',
        system: 'Be brief.',
        prompt: 'Capital of France?',
        params: PARAMS,
        targets: [
          { targetId: 'engine:/m', label: 'demo', target: { kind: 'engine', model: '/m' } },
          { targetId: 'gguf:/m.gguf', label: 'demo (GGUF)', target: { kind: 'gguf', file: '/m.gguf' } },
        ],
      },
      1000,
    );
    const b = h.create({ mode: 'raw', system: '', prompt: 'The', params: PARAMS, targets: [{ targetId: 'engine:/m', label: 'demo', target: { kind: 'engine', model: '/m' } }] }, 2000);
    h.setAnswer(a, 1, 'Paris.', STATS);
    h.setAnswer(a, 0, 'Paris.', { ...STATS, runtime: 'llama.cpp' });

    const all = h.list({ limit: 10 });
    expect(all.map((e) => e.id)).toEqual([b, a]);
    const run = all[1]!;
    expect(run).toMatchObject({ mode: 'chat', system: 'Be brief.', prompt: 'Capital of France?', params: PARAMS, createdAt: 1000 });
    expect(run.answers.map((x) => [x.label, x.text, x.stats?.tokens])).toEqual([
      ['demo', 'Paris.', 5],
      ['demo (GGUF)', 'Paris.', 5],
    ]);
    expect(run.answers[1]!.target).toEqual({ kind: 'gguf', file: '/m.gguf' });
    // An answer not finished yet reads as empty with no stats.
    expect(all[0]!.answers[0]).toMatchObject({ text: '', stats: null });

    expect(h.list({ targetId: 'gguf:/m.gguf', limit: 10 }).map((e) => e.id)).toEqual([a]);
    expect(h.list({ targetId: 'engine:/m', limit: 1 }).map((e) => e.id)).toEqual([b]);
  });

  it('deletes a run with its answers, and says NOT_FOUND for an unknown one', () => {
    const h = repo();
    const id = h.create({ mode: 'raw', system: '', prompt: 'x', params: PARAMS, targets: [{ targetId: 't', label: 't', target: { kind: 'onnx', folder: '/o' } }] });
    h.remove(id);
    expect(h.list({ limit: 10 })).toEqual([]);
    expect(store!.db.prepare('SELECT COUNT(*) AS n FROM playground_answers').get()).toEqual({ n: 0 });
    expect(() => h.remove(id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
