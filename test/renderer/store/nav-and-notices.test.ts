import { describe, expect, it } from 'vitest';
import { createStudioStore } from '../../../renderer/store/index';
import { isPageId, PAGES } from '../../../renderer/store/nav-slice';
import { MAX_NOTICES } from '../../../renderer/store/notices-slice';
import { fakeClient } from '../fakes';

describe('nav slice', () => {
  it('lists the eight pages in navigation order and starts on Datasets', () => {
    expect(PAGES.map((p) => p.label)).toEqual(['Datasets', 'Models', 'Train', 'Jobs', 'Playground', 'Export', 'Registry', 'System']);
    const store = createStudioStore(fakeClient().client);
    expect(store.getState().page).toBe('datasets');
    store.getState().setPage('system');
    expect(store.getState().page).toBe('system');
    expect(isPageId('jobs')).toBe(true);
    expect(isPageId('settings')).toBe(false);
  });
});

describe('notices slice', () => {
  it('shows errors with code, message and context; repeats are counted, not stacked', () => {
    const store = createStudioStore(fakeClient().client);
    store.getState().notify({ code: 'NOT_FOUND', message: 'No job x' }, 'Loading the job');
    store.getState().notify({ code: 'NOT_FOUND', message: 'No job x' }, 'Loading the job');
    store.getState().notify(new Error('boom'));
    const notices = store.getState().notices;
    expect(notices.map((n) => [n.code, n.message, n.context, n.count])).toEqual([
      ['NOT_FOUND', 'No job x', 'Loading the job', 2],
      ['INTERNAL_ERROR', 'boom', null, 1],
    ]);
    store.getState().dismissNotice(notices[0]!.id);
    expect(store.getState().notices.map((n) => n.message)).toEqual(['boom']);
  });

  it(`keeps at most ${MAX_NOTICES}, dropping the oldest`, () => {
    const store = createStudioStore(fakeClient().client);
    for (let i = 0; i < MAX_NOTICES + 2; i++) store.getState().notify(new Error(`e${i}`));
    expect(store.getState().notices.map((n) => n.message)).toEqual(['e2', 'e3', 'e4', 'e5', 'e6']);
  });
});
