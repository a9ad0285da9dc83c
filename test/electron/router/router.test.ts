import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import type { ClientSession } from '../../../electron/events/event-hub.js';
import { createRouter, type Handlers } from '../../../electron/router/router.js';

const session: ClientSession = { id: 's1', send: () => undefined };
const ctx = { session };

const fakeJob = {
  id: 'j1',
  kind: 'selftest' as const,
  state: 'queued' as const,
  spec: {},
  progress: 0,
  message: null,
  result: null,
  error: null,
  createdAt: 1,
  startedAt: null,
  finishedAt: null,
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = () => {
    throw new Error('not used in this test');
  };
  return {
    'app:health': () => ({ version: '0.0.0', uptimeS: 1, mode: 'web' }),
    'system:info': unused,
    'settings:get': unused,
    'settings:set': unused,
    'events:subscribe': () => ({ subscribed: true }),
    'events:unsubscribe': () => ({ subscribed: false }),
    'jobs:list': unused,
    'jobs:get': unused,
    'jobs:start': (spec) => ({ ...fakeJob, spec: spec.spec }),
    'jobs:cancel': unused,
    'jobs:logs': unused,
    'jobs:metrics': unused,
    'datasets:list': unused,
    'datasets:get': unused,
    'datasets:import': unused,
    'datasets:preview': unused,
    'datasets:setMapping': unused,
    'datasets:validate': unused,
    'datasets:prepare': unused,
    'datasets:report': unused,
    'datasets:delete': unused,
    'dialog:pickFile': unused,
    'exports:estimate': unused,
    'exports:start': unused,
    'exports:list': unused,
    'exports:zip': unused,
    'exports:reveal': unused,
    'jobs:resume': unused,
    'jobs:retry': unused,
    'jobs:reorder': unused,
    'jobs:delete': unused,
    'jobs:stats': unused,
    'train:estimate': unused,
    'train:start': unused,
    'models:list': unused,
    'models:add': unused,
    'models:remove': unused,
    'models:scanCache': unused,
    'dialog:pickFolder': unused,
    'playground:targets': unused,
    'playground:send': unused,
    'playground:stop': unused,
    'playground:workers': unused,
    'playground:unload': unused,
    'playground:history': unused,
    'playground:deleteHistory': unused,
    ...overrides,
  };
}

describe('router', () => {
  const router = createRouter(handlers());

  it('dispatches a valid call and applies schema defaults', async () => {
    const res = await router.dispatch('jobs:start', { kind: 'selftest', spec: {} }, ctx);
    expect(res).toEqual({ ok: true, data: { ...fakeJob, spec: { size: 512 } } });
  });

  it('treats a missing request as an empty object', async () => {
    expect(await router.dispatch('app:health', undefined, ctx)).toMatchObject({ ok: true });
  });

  const bad: [string, unknown, unknown, RegExp][] = [
    ['unknown call name', 'jobs:explode', {}, /Unknown call "jobs:explode"/],
    ['non-string call name', 42, {}, /Unknown call 42/],
    ['prototype key as call name', '__proto__', {}, /Unknown call/],
    ['wrong type', 'jobs:start', { kind: 'selftest', spec: { size: 'big' } }, /spec\.size/],
    ['out of range', 'jobs:start', { kind: 'selftest', spec: { size: 1_000_000 } }, /spec\.size/],
    ['unknown job kind', 'jobs:start', { kind: 'rm -rf', spec: {} }, /kind/],
    ['extra field', 'jobs:get', { id: 'x', admin: true }, /admin/],
    ['missing field', 'jobs:get', {}, /id/],
    ['array instead of object', 'jobs:get', ['x'], /request|expected object/i],
    ['null request', 'jobs:get', null, /id/],
    ['unknown event', 'events:subscribe', { event: 'fs:readFile' }, /event/],
    ['settings out of range', 'settings:set', { maxConcurrentJobs: 0 }, /maxConcurrentJobs/],
    ['string too long', 'jobs:get', { id: 'x'.repeat(65) }, /id/],
  ];
  for (const [what, name, req, pattern] of bad) {
    it(`rejects ${what} with a VALIDATION_ERROR naming the field`, async () => {
      const res = await router.dispatch(name, req, ctx);
      expect(res.ok).toBe(false);
      if (res.ok) return;
      expect(res.error.code).toBe('VALIDATION_ERROR');
      expect(res.error.message).toMatch(pattern);
    });
  }

  it('lists every bad field in details', async () => {
    const res = await router.dispatch('jobs:logs', { id: '', limit: -1 }, ctx);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    const paths = (res.error.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'limit']));
  });

  it('passes an AppError through in the error shape', async () => {
    const r = createRouter(handlers({ 'jobs:get': () => { throw new AppError('NOT_FOUND', 'No job with id x', { id: 'x' }); } }));
    expect(await r.dispatch('jobs:get', { id: 'x' }, ctx)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No job with id x', details: { id: 'x' } } });
  });

  it('turns an unexpected exception into INTERNAL_ERROR without a stack trace', async () => {
    const r = createRouter(handlers({ 'jobs:get': () => { throw new TypeError('cannot read x of undefined'); } }));
    const res = await r.dispatch('jobs:get', { id: 'x' }, ctx);
    expect(res).toEqual({ ok: false, error: { code: 'INTERNAL_ERROR', message: 'cannot read x of undefined' } });
    expect(JSON.stringify(res)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('awaits async handlers and catches their rejections', async () => {
    const r = createRouter(handlers({ 'jobs:get': async () => { throw new AppError('CONFLICT', 'busy'); } }));
    expect(await r.dispatch('jobs:get', { id: 'x' }, ctx)).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'busy' } });
  });
});
