import { describe, expect, it } from 'vitest';
import type { TargetOption } from '../../../electron/contract/playground.js';
import { createStudioStore } from '../../../renderer/store/index';
import { conversationOf, defaultTargets } from '../../../renderer/store/playground-slice';
import { fakeClient, flush } from '../fakes';

const option = (id: string, group: TargetOption['group'], over: Partial<TargetOption> = {}): TargetOption => ({
  id,
  label: id,
  detail: '',
  group,
  target: { kind: 'engine', model: `/${id}` },
  ollamaName: null,
  unavailable: null,
  ...over,
});

const TARGETS = [option('base', 'base'), option('tuned', 'fine-tuned'), option('base-gguf', 'gguf', { target: { kind: 'gguf', file: '/b.gguf' } }), option('onnx:none', 'onnx', { unavailable: 'no ONNX export yet' })];

async function ready() {
  const { transport, client } = fakeClient();
  transport.handlers.set('playground:targets', () => TARGETS);
  transport.handlers.set('playground:history', () => []);
  let n = 0;
  transport.handlers.set('playground:send', (req) => {
    const r = req as { targets: unknown[] };
    n++;
    return { requestId: `r${n}`, historyId: `h${n}`, targetIds: r.targets.map((_, i) => ['base', 'tuned'][i]) };
  });
  const store = createStudioStore(client);
  await store.getState().loadPlaygroundTargets();
  return { transport, store };
}

describe('playground slice', () => {
  it('picks the base model and its fine-tune for a first visit, never an unavailable target', async () => {
    expect(defaultTargets(TARGETS)).toEqual(['base', 'tuned']);
    expect(defaultTargets([option('a', 'base'), option('g', 'gguf')])).toEqual(['a', 'g']);
    const { store } = await ready();
    expect(store.getState().pgColumns.map((c) => c.optionId)).toEqual(['base', 'tuned']);
  });

  it('sends the draft to every column, streams tokens into each, and keeps a conversation per target', async () => {
    const { transport, store } = await ready();
    const s = () => store.getState();
    s().setPgSystem('Be brief.');
    s().setPgDraft('Capital of France?');
    await s().sendPrompt();
    const [req] = transport.callsNamed('playground:send') as { mode: string; system: string; prompt: string; targets: { target: unknown; history: unknown[] }[] }[];
    expect(req).toMatchObject({ mode: 'chat', system: 'Be brief.', prompt: 'Capital of France?' });
    expect(req!.targets.map((t) => t.target)).toEqual([TARGETS[0]!.target, TARGETS[1]!.target]);
    expect(s().pgDraft).toBe('');
    expect(s().pgRequestId).toBe('r1');

    s().applyToken({ requestId: 'r1', targetId: 'base', delta: 'Par', done: false });
    s().applyToken({ requestId: 'r1', targetId: 'tuned', delta: 'Lyon', done: false });
    s().applyToken({ requestId: 'r1', targetId: 'base', delta: 'is', done: false });
    // A token of another request is ignored.
    s().applyToken({ requestId: 'zzz', targetId: 'base', delta: 'X', done: false });
    expect(s().pgColumns.map((c) => c.turns[0]!.text)).toEqual(['Paris', 'Lyon']);

    const stats = { tokens: 2, timeToFirstTokenMs: 5, tokensPerSecond: 100, stopReason: 'eos' as const, runtime: 'engine (wasm)' };
    s().applyToken({ requestId: 'r1', targetId: 'base', delta: '', done: true, text: 'Paris.', stats });
    expect(s().pgRequestId).toBe('r1');
    s().applyToken({ requestId: 'r1', targetId: 'tuned', delta: '', done: true, error: { code: 'MODEL_ERROR', message: 'boom' } });
    expect(s().pgRequestId).toBeNull();
    expect(s().pgColumns[0]!.turns[0]).toMatchObject({ text: 'Paris.', done: true, stats });
    expect(s().pgColumns[1]!.turns[0]!.error?.message).toBe('boom');
    await flush();
    // Every answer finished: the history (now holding this run) is reloaded.
    expect(transport.callsNamed('playground:history')).toHaveLength(1);

    // The next chat turn carries each target's own finished conversation (a failed answer is left out).
    expect(conversationOf(s().pgColumns[0]!)).toEqual([
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: 'Paris.' },
    ]);
    s().setPgDraft('And Spain?');
    await s().sendPrompt();
    const second = transport.callsNamed('playground:send')[1] as { targets: { history: unknown[] }[] };
    expect(second.targets[0]!.history).toHaveLength(2);
    expect(second.targets[1]!.history).toHaveLength(0);
    expect(s().pgColumns[0]!.turns).toHaveLength(2);
  });

  it('stops the request in flight, and does not send with no target or an empty draft', async () => {
    const { transport, store } = await ready();
    const s = () => store.getState();
    s().setPgDraft('   ');
    await s().sendPrompt();
    expect(transport.callsNamed('playground:send')).toHaveLength(0);
    s().setPgDraft('Hi');
    await s().sendPrompt();
    await s().stopPrompt();
    expect(transport.callsNamed('playground:stop')).toEqual([{ requestId: 'r1' }]);

    s().clearConversations();
    s().setColumnTarget(0, null);
    s().setColumnTarget(1, 'onnx:none');
    s().setPgDraft('Hi');
    await s().sendPrompt();
    expect(transport.callsNamed('playground:send')).toHaveLength(1);
    expect(s().notices.length).toBeGreaterThan(0);
  });

  it('adds up to four columns, keeps at least one, and follows worker status pushes', async () => {
    const { transport, store } = await ready();
    const s = () => store.getState();
    for (let i = 0; i < 5; i++) s().addColumn();
    expect(s().pgColumns).toHaveLength(4);
    for (let i = 0; i < 5; i++) s().removeColumn(0);
    expect(s().pgColumns).toHaveLength(1);
    const stop = s().watchPlayground();
    await flush();
    transport.emit('playground:status', { targetId: 'base', state: 'loading', progress: 0.4, message: 'Loading', reason: null });
    expect(s().pgWorkers.base).toMatchObject({ state: 'loading', progress: 0.4 });
    stop();
  });
});
