import type { StudioClient } from '../client/client';
import type { StudioStore } from './index';

/**
 * App-wide feeds that live as long as the window: connection state, and the job list kept current
 * by `jobs:changed`. After every (re)connection the job list and health are fetched again, because
 * pushes sent while disconnected are lost.
 */
export function startLiveUpdates(store: StudioStore, client: StudioClient): () => void {
  const state = store.getState;
  const stops = [
    client.onError((err) => state().notify(err)),
    state().watchJobs(),
    client.onConnection((connection) => {
      state().setConnection(connection);
      if (connection !== 'connected') return;
      void state().loadHealth();
      void state().loadJobs();
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
