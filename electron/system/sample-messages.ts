import type { SystemSample } from '../contract/system.js';

/** What main asks the sampler thread, and what it answers. */
export interface SampleRequest {
  id: number;
  dataDir: string;
}

export type SampleReply = { id: number; sample: SystemSample } | { id: number; error: string };
