import { describe, expect, it } from 'vitest';
import { createStudioStore } from '../../../renderer/store/index';
import { appendSample, SAMPLE_BUFFER_SIZE } from '../../../renderer/store/system-slice';
import { fakeClient, flush, sample } from '../fakes';

describe('system slice', () => {
  it('keeps the newest 120 samples, oldest first, and counts every distinct one', () => {
    const store = createStudioStore(fakeClient().client);
    for (let i = 1; i <= 130; i++) store.getState().pushSample(sample(i * 1000));
    const { samples, samplesReceived } = store.getState();
    expect(SAMPLE_BUFFER_SIZE).toBe(120);
    expect(samples).toHaveLength(120);
    expect(samples[0]!.t).toBe(11_000);
    expect(samples[119]!.t).toBe(130_000);
    expect(samplesReceived).toBe(130);
  });

  it('ignores a repeated or older sample (main re-sends its latest to each new subscriber)', () => {
    const store = createStudioStore(fakeClient().client);
    store.getState().pushSample(sample(2000));
    const before = store.getState().samples;
    store.getState().pushSample(sample(2000));
    store.getState().pushSample(sample(1000));
    expect(store.getState().samples).toBe(before);
    expect(store.getState().samplesReceived).toBe(1);
  });

  it('appendSample does not mutate its input', () => {
    const buffer = [sample(1), sample(2)];
    const next = appendSample(buffer, sample(3), 2);
    expect(buffer.map((s) => s.t)).toEqual([1, 2]);
    expect(next?.map((s) => s.t)).toEqual([2, 3]);
  });

  it('loads system:info with a loading state, then ready', async () => {
    const { transport, client } = fakeClient();
    let finish: (v: unknown) => void = () => {};
    transport.handlers.set('system:info', () => new Promise((r) => (finish = r)));
    const store = createStudioStore(client);
    const loading = store.getState().loadSystemInfo();
    expect(store.getState().systemInfoStatus).toBe('loading');
    void store.getState().loadSystemInfo(); // a second request while loading is not sent
    finish({ app: { version: '1' } });
    await loading;
    expect(transport.callsNamed('system:info')).toHaveLength(1);
    expect(store.getState().systemInfoStatus).toBe('ready');
    expect(store.getState().systemInfo).toEqual({ app: { version: '1' } });
  });

  it('records a failed system:info and shows it as a notice', async () => {
    const { transport, client } = fakeClient();
    transport.handlers.set('system:info', () => {
      throw { code: 'RESOURCE_EXHAUSTED', message: 'worker could not start' };
    });
    const store = createStudioStore(client);
    await store.getState().loadSystemInfo();
    expect(store.getState().systemInfoStatus).toBe('error');
    expect(store.getState().systemInfoError).toEqual({ code: 'RESOURCE_EXHAUSTED', message: 'worker could not start' });
    expect(store.getState().notices.map((n) => n.code)).toEqual(['RESOURCE_EXHAUSTED']);
  });

  it('watchSamples subscribes to system:sample, feeds pushSample, and unsubscribes when stopped', async () => {
    const { transport, client } = fakeClient();
    const store = createStudioStore(client);
    const stop = store.getState().watchSamples();
    await flush();
    expect(transport.callsNamed('events:subscribe')).toEqual([{ event: 'system:sample' }]);
    transport.emit('system:sample', sample(5000));
    expect(store.getState().samples.map((s) => s.t)).toEqual([5000]);
    stop();
    await flush();
    expect(transport.callsNamed('events:unsubscribe')).toEqual([{ event: 'system:sample' }]);
    transport.emit('system:sample', sample(6000));
    expect(store.getState().samples).toHaveLength(1);
  });
});
