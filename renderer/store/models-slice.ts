import type { Model, ScanResult } from '../../electron/contract/models.js';
import type { SliceCreator } from './slice';

export interface ModelsSlice {
  models: Model[];
  modelsLoaded: boolean;
  /** A folder being added or the cache being scanned: the buttons wait for it. */
  modelsBusy: 'adding' | 'scanning' | null;
  lastScan: ScanResult | null;
  loadModels(): Promise<void>;
  addModel(path: string): Promise<boolean>;
  pickAndAddModel(): Promise<'added' | 'cancelled' | 'unsupported'>;
  scanModelCache(): Promise<void>;
  removeModel(id: string): Promise<void>;
}

export const createModelsSlice: SliceCreator<ModelsSlice> = (set, get, client) => ({
  models: [],
  modelsLoaded: false,
  modelsBusy: null,
  lastScan: null,
  async loadModels() {
    try {
      set({ models: await client.call('models:list', {}), modelsLoaded: true });
    } catch (err) {
      get().notify(err, 'Loading the model list');
    }
  },
  async addModel(path) {
    set({ modelsBusy: 'adding' });
    try {
      await client.call('models:add', { path });
      await get().loadModels();
      return true;
    } catch (err) {
      get().notify(err, `Adding ${path}`);
      return false;
    } finally {
      set({ modelsBusy: null });
    }
  },
  async pickAndAddModel() {
    let picked: string | null;
    try {
      picked = (await client.call('dialog:pickFolder', { title: 'Choose a Hugging Face model folder' })).path;
    } catch (err) {
      get().notify(err, 'Opening the folder picker');
      return 'cancelled';
    }
    // Browser mode has no native picker: the page shows a path field instead.
    if (picked === null) return 'studio' in window ? 'cancelled' : 'unsupported';
    return (await get().addModel(picked)) ? 'added' : 'cancelled';
  },
  async scanModelCache() {
    set({ modelsBusy: 'scanning' });
    try {
      set({ lastScan: await client.call('models:scanCache', {}) });
      await get().loadModels();
    } catch (err) {
      get().notify(err, 'Scanning the Hugging Face cache');
    } finally {
      set({ modelsBusy: null });
    }
  },
  async removeModel(id) {
    try {
      await client.call('models:remove', { id });
      await get().loadModels();
    } catch (err) {
      get().notify(err, 'Removing the model');
    }
  },
});
