import type { StudioClient } from '../client/client';
import type { ConnectionSlice } from './connection-slice';
import type { DatasetsSlice } from './datasets-slice';
import type { ExportsSlice } from './exports-slice';
import type { JobQueueSlice } from './job-queue-slice';
import type { JobsSlice } from './jobs-slice';
import type { LogViewSlice } from './log-view-slice';
import type { MetricsSlice } from './metrics-slice';
import type { ModelsSlice } from './models-slice';
import type { NavSlice } from './nav-slice';
import type { NoticesSlice } from './notices-slice';
import type { PlaygroundSlice } from './playground-slice';
import type { RunsSlice } from './runs-slice';
import type { SystemSlice } from './system-slice';
import type { TrainSlice } from './train-slice';

export type StudioState = NavSlice & ConnectionSlice & NoticesSlice & PlaygroundSlice & SystemSlice & JobsSlice & ModelsSlice & MetricsSlice & DatasetsSlice & ExportsSlice & TrainSlice & JobQueueSlice & LogViewSlice & RunsSlice;

export type SetState = (partial: Partial<StudioState> | ((state: StudioState) => Partial<StudioState>)) => void;
export type GetState = () => StudioState;

/**
 * A slice is a plain function of set/get and the client, not a zustand StateCreator, so slices know
 * nothing of middleware (that lives in index.ts) and tests can drive them without React or a DOM.
 */
export type SliceCreator<T> = (set: SetState, get: GetState, client: StudioClient) => T;
