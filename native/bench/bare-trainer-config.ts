import type { TrainerConfig } from '../engine/trainer.js';

/**
 * One epoch of plain steps for measuring (bench:train, the RSS probe): constant learning rate, no
 * warm-up, decay, dropout, evaluation or checkpoints, so only the steps themselves are timed or weighed.
 */
export function bareTrainerConfig(batchSize: number, learningRate: number): TrainerConfig {
  return { epochs: 1, batchSize, gradAccumSteps: 1, learningRate, schedule: 'constant', warmupSteps: 0, weightDecay: 0, maxGradNorm: 1, seed: 1, dropout: 0, evalEvery: 0, earlyStoppingPatience: 0, checkpointEvery: 0, padId: 0 };
}
