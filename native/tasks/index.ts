import type { WorkerKind } from '../protocol.js';
import { probe } from './probe.js';
import { evaluateTask } from './evaluate.js';
import { estimateTraining } from './estimate-training.js';
import { exportTask } from './export.js';
import { generateTask } from './generate.js';
import { inspectModel } from './inspect-model.js';
import { selftest } from './selftest.js';
import { trainTask } from './train.js';
import { importDataTask } from './import-data.js';
import { prepareDataTask } from './prepare-data.js';
import { validateDataTask } from './validate-data.js';
import type { Task } from './task.js';

/** Every kind of work the worker can do; a job kind without an entry here fails to type-check. */
export const tasks: Record<WorkerKind, Task> = {
  selftest,
  probe,
  train: trainTask,
  generate: generateTask,
  evaluate: evaluateTask,
  export: exportTask,
  'inspect-model': inspectModel,
  'estimate-training': estimateTraining,
  'import-data': importDataTask,
  'validate-data': validateDataTask,
  'prepare-data': prepareDataTask,
};
