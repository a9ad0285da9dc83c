import type { LengthTotals } from './token-lengths.js';
import type { Sample } from './samples.js';

/** What a token-counting thread is started with. */
export interface TokenCountSetup {
  tokenizerDir: string;
  maxLength: number;
}

export interface TokenCountRequest {
  id: number;
  samples: Sample[];
}

export type TokenCountReply = { id: number; totals: LengthTotals } | { id: number; error: string };
