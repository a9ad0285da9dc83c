import { describe, expect, it } from 'vitest';
import { createStudioStore } from '../../../renderer/store/index';
import { startLiveUpdates } from '../../../renderer/store/live-updates';
import { fakeClient, flush, job } from '../fakes';

describe('live updates', () => {
  it('mirrors the connection state and refetches health and jobs on every (re)connection', async () => {
    const { transport, client } = fakeClient();
    transport.state = 'connecting';
    transport.handlers.set('app:health', () => ({ version: '0.1.0', uptimeS: 1, mode: 'web' }));
    transport.handlers.set('jobs:list', () => [job({ id: 'a' })]);
    const store = createStudioStore(client);
    const stop = startLiveUpdates(store, client);
    expect(store.getState().connection).toBe('connecting');
    transport.setState('connected');
    await flush();
    expect(store.getState().connection).toBe('connected');
    expect(store.getState().health?.version).toBe('0.1.0');
    expect(Object.keys(store.getState().jobs)).toEqual(['a']);

    transport.setState('reconnecting');
    expect(store.getState().connection).toBe('reconnecting');
    transport.setState('connected');
    await flush();
    expect(transport.callsNamed('jobs:list')).toHaveLength(2);
    expect(transport.callsNamed('app:health')).toHaveLength(2);
    stop();
  });

  it('keeps the job list live through jobs:changed and shows subscription errors', async () => {
    const { transport, client } = fakeClient();
    transport.handlers.set('jobs:list', () => []);
    const store = createStudioStore(client);
    startLiveUpdates(store, client);
    await flush();
    expect(transport.callsNamed('events:subscribe')).toContainEqual({ event: 'jobs:changed' });
    transport.emit('jobs:changed', job({ id: 'z', state: 'running' }));
    expect(store.getState().jobs.z?.state).toBe('running');

    transport.handlers.set('events:subscribe', () => {
      throw { code: 'INTERNAL_ERROR', message: 'hub down' };
    });
    client.on('jobs:log', () => {});
    await flush();
    expect(store.getState().notices.map((n) => n.message)).toContain('hub down');
  });
});
