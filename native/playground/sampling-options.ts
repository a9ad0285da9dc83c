import type { SamplingParams } from '../../electron/contract/playground.js';
import { GREEDY, type SamplingOptions } from '../engine/sampling.js';

/** The engine's sampling options for the playground's parameters; greedy switches every knob off. */
export function samplingOptions(p: SamplingParams): SamplingOptions {
  return p.greedy ? GREEDY : { temperature: p.temperature, topK: p.topK, topP: p.topP, repetitionPenalty: p.repetitionPenalty };
}
