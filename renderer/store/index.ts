import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { devtools } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { StudioClient } from '../client/client';
import { createConnectionSlice } from './connection-slice';
import { createDatasetsSlice } from './datasets-slice';
import { createExportsSlice } from './exports-slice';
import { createJobQueueSlice } from './job-queue-slice';
import { createJobsSlice } from './jobs-slice';
import { createLogViewSlice } from './log-view-slice';
import { createMetricsSlice } from './metrics-slice';
import { createModelsSlice } from './models-slice';
import { createNavSlice } from './nav-slice';
import { createNoticesSlice } from './notices-slice';
import { createPlaygroundSlice } from './playground-slice';
import { createRunsSlice } from './runs-slice';
import type { StudioState } from './slice';
import { createSystemSlice } from './system-slice';
import { createTrainSlice } from './train-slice';

export type { StudioState } from './slice';

/** Redux DevTools only where the extension is installed, so nothing warns in tests or production. */
function devtoolsPresent(): boolean {
  return import.meta.env.DEV && typeof window !== 'undefined' && '__REDUX_DEVTOOLS_EXTENSION__' in window;
}

/** The app's one store: every slice combined, with middleware applied here and nowhere else. */
export function createStudioStore(client: StudioClient) {
  return createStore<StudioState>()(
    devtools(
      (set, get) => ({
        ...createNavSlice(set, get, client),
        ...createConnectionSlice(set, get, client),
        ...createNoticesSlice(set, get, client),
        ...createSystemSlice(set, get, client),
        ...createJobsSlice(set, get, client),
        ...createModelsSlice(set, get, client),
        ...createMetricsSlice(set, get, client),
        ...createDatasetsSlice(set, get, client),
        ...createPlaygroundSlice(set, get, client),
        ...createExportsSlice(set, get, client),
        ...createTrainSlice(set, get, client),
        ...createJobQueueSlice(set, get, client),
        ...createLogViewSlice(set, get, client),
        ...createRunsSlice(set, get, client),
      }),
      { name: 'Finetune Studio', enabled: devtoolsPresent() },
    ),
  );
}

export type StudioStore = ReturnType<typeof createStudioStore>;

export const StudioStoreContext = createContext<StudioStore | null>(null);

function useStudioStore(): StudioStore {
  const store = useContext(StudioStoreContext);
  if (!store) throw new Error('useStudio needs a <StudioStoreContext.Provider> above it');
  return store;
}

/**
 * Reads from the store and re-renders when the selected value changes. Selectors must return
 * stored values (not new arrays or objects), or every store change re-renders the component.
 */
export function useStudio<T>(selector: (state: StudioState) => T): T {
  return useStore(useStudioStore(), selector);
}
