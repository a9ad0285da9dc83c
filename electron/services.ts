import type { SystemInfo } from './contract/system.js';
import { EventHub } from './events/event-hub.js';
import { createHandlers } from './handlers/index.js';
import { Scheduler, type WorkerFactory } from './jobs/scheduler.js';
import { spawnWorker } from './jobs/worker-host.js';
import path from 'node:path';
import { DatasetLibrary } from './datasets/dataset-library.js';
import { ExportLibrary } from './exports/export-library.js';
import { ModelInfo } from './contract/models.js';
import { callWorker } from './jobs/worker-call.js';
import { autoResume } from './jobs/resume.js';
import { freeMemory } from './jobs/train-estimate.js';
import { TrainingLauncher } from './jobs/train-start.js';
import { clearUploads } from './server/upload.js';
import { ModelLibrary } from './models/model-library.js';
import { PlaygroundService } from './playground/playground-service.js';
import { appRoot, appVersion, workerEntry } from './paths.js';
import { createRouter, type Router } from './router/router.js';
import { SystemMonitor, type SampleReader } from './system/monitor.js';
import { RuntimeProber } from './system/runtime-probe.js';
import { ThreadedSampler } from './system/threaded-sampler.js';
import { readSystemInfo } from './system/system-info.js';
import { Store } from './store/store.js';

export interface ServicesOptions {
  dataDir: string;
  mode: 'electron' | 'web';
  /** Overrides for tests: another worker entry, a fake sample reader. */
  workerEntry?: string;
  readSample?: SampleReader;
  /** The platform folder picker (Electron only). */
  pickFolder?: (title?: string) => Promise<string | null>;
  pickFile?: (title?: string, extensions?: string[]) => Promise<string | null>;
  /** The platform's save dialog (Electron only). */
  saveFile?: (title: string, defaultName: string) => Promise<string | null>;
  /** Shows a file or folder in the platform's file manager (Electron only). */
  reveal?: (target: string) => void;
}

/**
 * The main-process services, without Electron: the same object backs the Electron app, browser
 * mode, the CLI and the tests.
 */
export class Services {
  readonly store: Store;
  readonly hub = new EventHub();
  readonly scheduler: Scheduler;
  readonly monitor: SystemMonitor;
  private readonly sampler: ThreadedSampler;
  readonly router: Router;
  readonly prober: RuntimeProber;
  readonly models: ModelLibrary;
  readonly datasets: DatasetLibrary;
  readonly exports: ExportLibrary;
  readonly playground: PlaygroundService;
  readonly training: TrainingLauncher;
  /** Starts a worker for one short task outside the queue (estimates, inspections). */
  readonly newWorker: WorkerFactory;
  readonly startedAt = Date.now();
  readonly version = appVersion();

  constructor(readonly opts: ServicesOptions) {
    this.store = Store.open(opts.dataDir);
    const entry = opts.workerEntry ?? workerEntry();
    const newWorker: WorkerFactory = () => spawnWorker({ entry });
    this.newWorker = newWorker;
    this.scheduler = new Scheduler(this.store, this.hub, newWorker);
    this.prober = new RuntimeProber(newWorker);
    this.models = new ModelLibrary(this.store.models, newWorker);
    this.datasets = new DatasetLibrary(opts.dataDir, this.store.datasets, this.scheduler);
    clearUploads(opts.dataDir);
    this.exports = new ExportLibrary(opts.dataDir, this.store, this.scheduler, async (dir) => ModelInfo.parse(await callWorker(newWorker, 'inspect-model', { path: dir })));
    this.sampler = new ThreadedSampler(opts.dataDir);
    const reader = opts.readSample ?? this.sampler.read;
    this.monitor = new SystemMonitor(this.hub, reader, () => this.store.settings.get().monitorIntervalMs);
    this.training = new TrainingLauncher({ dataDir: opts.dataDir, datasets: this.datasets, scheduler: this.scheduler, newWorker, freeMemory: () => freeMemory(this.monitor.latest()) });
    this.playground = new PlaygroundService(this.store, this.hub, {
      entry: path.join(path.dirname(entry), 'playground', 'playground-worker.js'),
      cacheDir: path.join(opts.dataDir, 'playground', 'gguf'),
    });
    this.router = createRouter(createHandlers(this));
    this.scheduler.recover();
    this.exports.sweep();
    autoResume(this.store, this.scheduler);
    // In the background: a fresh install shows the bundled model without waiting for it.
    this.bundledReady = this.models.ensureBundled(path.join(appRoot(), 'resources', 'models', 'demo-llama')).catch(() => undefined);
  }

  /** Settles once the bundled model is registered (or failed to be). */
  readonly bundledReady: Promise<void>;

  get mode(): 'electron' | 'web' {
    return this.opts.mode;
  }

  systemInfo(): Promise<SystemInfo> {
    return readSystemInfo({ dataDir: this.opts.dataDir, mode: this.opts.mode, prober: this.prober });
  }

  async close(): Promise<void> {
    this.monitor.stop();
    await this.sampler.close();
    this.playground.close();
    await this.bundledReady;
    await this.scheduler.close();
    this.store.close();
  }
}
