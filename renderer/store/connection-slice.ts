import type { CallResponse } from '../../electron/contract/calls.js';
import type { ConnectionState } from '../client/transport';
import type { SliceCreator } from './slice';

export type Health = CallResponse<'app:health'>;

export interface ConnectionSlice {
  connection: ConnectionState;
  health: Health | null;
  setConnection(state: ConnectionState): void;
  loadHealth(): Promise<void>;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (set, get, client) => ({
  connection: 'connecting',
  health: null,
  setConnection: (connection) => set({ connection }),
  async loadHealth() {
    try {
      set({ health: await client.call('app:health', {}) });
    } catch (err) {
      get().notify(err, 'Checking the app');
    }
  },
});
