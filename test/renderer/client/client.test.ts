import { describe, expect, it } from 'vitest';
import { ClientError } from '../../../renderer/client/client';
import { fakeClient, flush, job } from '../fakes';

describe('StudioClient.call', () => {
  it('resolves with the data of an ok result and passes name and request through', async () => {
    const { transport, client } = fakeClient();
    transport.handlers.set('app:health', () => ({ version: '1.2.3', uptimeS: 5, mode: 'web' }));
    await expect(client.call('app:health', {})).resolves.toEqual({ version: '1.2.3', uptimeS: 5, mode: 'web' });
    expect(transport.calls).toEqual([{ name: 'app:health', req: {} }]);
  });

  it('throws a ClientError carrying code, message and details of an {ok:false} result', async () => {
    const { transport, client } = fakeClient();
    transport.call = async () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'No job x', details: { id: 'x' } } });
    const err = await client.call('jobs:get', { id: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    expect((err as ClientError).toShape()).toEqual({ code: 'NOT_FOUND', message: 'No job x', details: { id: 'x' } });
  });

  it('turns a transport rejection into INTERNAL_ERROR', async () => {
    const { transport, client } = fakeClient();
    transport.call = () => Promise.reject(new Error('ipc gone'));
    await expect(client.call('app:health', {})).rejects.toMatchObject({ name: 'ClientError', code: 'INTERNAL_ERROR', message: 'ipc gone' });
  });

  it('rejects a reply that is not a result envelope', async () => {
    const { transport, client } = fakeClient();
    transport.call = async () => ({ nonsense: true }) as never;
    await expect(client.call('app:health', {})).rejects.toMatchObject({ code: 'INTERNAL_ERROR', message: 'Malformed reply to app:health' });
  });
});

describe('StudioClient.on', () => {
  it('subscribes on the first listener only and unsubscribes when the last one goes', async () => {
    const { transport, client } = fakeClient();
    const a = client.on('jobs:changed', () => {});
    const b = client.on('jobs:changed', () => {});
    await flush();
    expect(transport.callsNamed('events:subscribe')).toEqual([{ event: 'jobs:changed' }]);
    a();
    await flush();
    expect(transport.callsNamed('events:unsubscribe')).toEqual([]);
    b();
    b(); // a second call of the same stop function is harmless
    await flush();
    expect(transport.callsNamed('events:unsubscribe')).toEqual([{ event: 'jobs:changed' }]);
  });

  it('delivers payloads only to listeners of that event', async () => {
    const { transport, client } = fakeClient();
    const changed: string[] = [];
    const logs: string[] = [];
    client.on('jobs:changed', (j) => changed.push(j.state));
    client.on('jobs:log', (l) => logs.push(l.message));
    transport.emit('jobs:changed', job({ state: 'running' }));
    transport.emit('system:sample', {});
    expect(changed).toEqual(['running']);
    expect(logs).toEqual([]);
  });

  it('sends nothing for a listener that comes and goes before its subscription started', async () => {
    const { transport, client } = fakeClient();
    client.on('system:sample', () => {})();
    await flush();
    expect(transport.calls).toEqual([]);
  });

  it('ends subscribed when a listener comes back before an unsubscribe finished', async () => {
    const { transport, client } = fakeClient();
    const stop = client.on('system:sample', () => {});
    stop();
    client.on('system:sample', () => {});
    await flush(30);
    const ops = transport.calls.filter((c) => c.name.startsWith('events:')).map((c) => c.name);
    // Whatever happened in between, the last word main heard is "subscribe".
    expect(ops[ops.length - 1]).toBe('events:subscribe');
  });

  it('does not send an unsubscribe before the subscribe it follows has been answered', async () => {
    const { transport, client } = fakeClient();
    let answer: (v: unknown) => void = () => {};
    transport.handlers.set('events:subscribe', () => new Promise((resolve) => (answer = resolve)));
    const stop = client.on('system:sample', () => {});
    await flush();
    stop();
    await flush();
    expect(transport.calls.map((c) => c.name)).toEqual(['events:subscribe']);
    answer({ subscribed: true });
    await flush();
    expect(transport.calls.map((c) => c.name)).toEqual(['events:subscribe', 'events:unsubscribe']);
  });

  it('subscribes again after a reconnect, since main forgot the old connection', async () => {
    const { transport, client } = fakeClient();
    client.on('jobs:changed', () => {});
    client.on('system:sample', () => {});
    const stop = client.on('jobs:log', () => {});
    await flush();
    stop();
    await flush();
    transport.calls.length = 0;
    transport.setState('reconnecting');
    transport.setState('connected');
    await flush();
    expect(transport.callsNamed('events:subscribe')).toEqual([{ event: 'jobs:changed' }, { event: 'system:sample' }]);
  });

  it('reports a failed subscription through onError instead of dropping it', async () => {
    const { transport, client } = fakeClient();
    transport.handlers.set('events:subscribe', () => {
      throw { code: 'VALIDATION_ERROR', message: 'bad event' };
    });
    const errors: string[] = [];
    client.onError((e) => errors.push(`${e.code}: ${e.message}`));
    client.on('jobs:changed', () => {});
    await flush();
    expect(errors).toEqual(['VALIDATION_ERROR: bad event']);
  });

  it('reports a listener that throws and still calls the others', async () => {
    const { transport, client } = fakeClient();
    const errors: string[] = [];
    const got: string[] = [];
    client.onError((e) => errors.push(e.message));
    client.on('jobs:changed', () => {
      throw new Error('render failed');
    });
    client.on('jobs:changed', (j) => got.push(j.id));
    transport.emit('jobs:changed', job());
    expect(errors).toEqual(['render failed']);
    expect(got).toEqual(['job-1']);
  });
});

describe('ClientError.from', () => {
  it('keeps contract error shapes and wraps anything else as INTERNAL_ERROR', () => {
    expect(ClientError.from({ code: 'CONFLICT', message: 'busy' }).code).toBe('CONFLICT');
    expect(ClientError.from({ code: 'NOPE', message: 'x' }).code).toBe('INTERNAL_ERROR');
    expect(ClientError.from('plain').toShape()).toEqual({ code: 'INTERNAL_ERROR', message: 'plain' });
  });
});
