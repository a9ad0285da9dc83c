import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { AppError } from '../contract/errors.js';
import { TrainSpec, type Job, type TrainEstimate, type TrainEstimateRequest, type TrainRequest } from '../contract/jobs.js';
import type { DatasetLibrary } from '../datasets/dataset-library.js';
import { newRunDir } from './run-folders.js';
import type { Scheduler, WorkerFactory } from './scheduler.js';
import { estimateTraining, type FreeMemory, type TrainingEstimate } from './train-estimate.js';

export interface TrainingLauncherDeps {
  dataDir: string;
  datasets: Pick<DatasetLibrary, 'splitFile' | 'versionFiles'>;
  scheduler: Pick<Scheduler, 'submit'>;
  newWorker: WorkerFactory;
  freeMemory: () => Promise<FreeMemory>;
}

/**
 * The Train page's two calls. `start` checks everything before anything is queued: a prepared
 * dataset version (its split files), a model folder with a tokenizer, a memory estimate that fits
 * (unless forced); then one training job writing into a fresh `<dataDir>/runs/<uuid>`.
 * Every refusal says what to do instead.
 */
export class TrainingLauncher {
  constructor(private readonly deps: TrainingLauncherDeps) {}

  async estimate(req: z.output<typeof TrainEstimateRequest>): Promise<TrainEstimate> {
    return (await this.check(req)).estimate;
  }

  async start(req: TrainRequest): Promise<Job> {
    const { datasetVersionId, force, model: rawModel, ...hyper } = req;
    const { datasets } = this.deps;
    const data = datasets.splitFile(datasetVersionId, 'train'); // VALIDATION_ERROR when the version is not prepared
    const { version } = datasets.versionFiles(datasetVersionId);
    if (!version.splits?.train) {
      throw new AppError('VALIDATION_ERROR', `Dataset version ${datasetVersionId} has no training rows; prepare it again with a smaller validation share`, { issues: [{ path: ['datasetVersionId'], message: 'empty train split' }] });
    }
    const validationData = version.splits.validation > 0 ? datasets.splitFile(datasetVersionId, 'validation') : undefined;

    const model = path.resolve(rawModel);
    if (!fs.existsSync(path.join(model, 'config.json'))) throw new AppError('NOT_FOUND', `No model at ${model} (no config.json); add one on the Models page`, { model });
    const { estimate, model: seen } = await this.check({ model, method: hyper.method, rank: hyper.lora.rank, targets: hyper.lora.targets, batchSize: hyper.batchSize, maxLength: hyper.maxLength });
    if (!seen.hasTokenizer) throw new AppError('MODEL_ERROR', `${model} has no tokenizer.json; training needs the model's tokenizer`, { model });
    if (!estimate.fits && !force) throw new AppError('RESOURCE_EXHAUSTED', estimate.warning ?? 'This run does not fit in the free memory', { estimate });

    const outDir = newRunDir(this.deps.dataDir, randomUUID());
    const spec = TrainSpec.parse({ ...hyper, model, data, ...(validationData ? { validationData } : {}), outDir, resume: false });
    return this.deps.scheduler.submit({ kind: 'train', spec });
  }

  private check(req: z.output<typeof TrainEstimateRequest>): Promise<TrainingEstimate> {
    return estimateTraining(this.deps.newWorker, req, this.deps.freeMemory);
  }
}
