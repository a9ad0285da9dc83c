import { z } from 'zod';
import { TfBackendName } from './jobs.js';

const settingFields = {
  maxConcurrentJobs: z.number().int().min(1).max(8),
  tfBackend: z.union([z.literal('auto'), TfBackendName]),
  monitorIntervalMs: z.number().int().min(1000).max(60_000),
  theme: z.enum(['system', 'light', 'dark']),
  /** On start, resume training jobs that the last run left interrupted. */
  autoResume: z.boolean(),
};

export const Settings = z.object(settingFields).strict();
export type Settings = z.infer<typeof Settings>;

/** A partial update; defaults are not applied here so that absent means "unchanged". */
export const SettingsPatch = z.object(settingFields).partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const DEFAULT_SETTINGS: Settings = {
  maxConcurrentJobs: 1,
  tfBackend: 'auto',
  monitorIntervalMs: 1000,
  theme: 'system',
  autoResume: false,
};
