import { RuntimeProbe } from '../contract/system.js';
import type { WorkerFactory } from '../jobs/scheduler.js';
import { callWorker } from '../jobs/worker-call.js';

/**
 * Asks a short-lived worker which native runtimes load: main never loads TF.js, onnxruntime or
 * llama.cpp itself (DESIGN.md). The answer is cached for the life of the process.
 */
export class RuntimeProber {
  private cached: Promise<RuntimeProbe> | null = null;

  constructor(private readonly newWorker: WorkerFactory) {}

  probe(): Promise<RuntimeProbe> {
    this.cached ??= this.run().catch((err: unknown) => {
      this.cached = null; // a failed probe is retried on the next call
      throw err;
    });
    return this.cached;
  }

  private async run(): Promise<RuntimeProbe> {
    return RuntimeProbe.parse(await callWorker(this.newWorker, 'probe', {}));
  }
}
