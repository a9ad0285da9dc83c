import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../contract/errors.js';
import { ModelInfo, type Model, type ScanResult } from '../contract/models.js';
import { callWorker } from '../jobs/worker-call.js';
import type { WorkerFactory } from '../jobs/scheduler.js';
import type { ModelsRepo } from '../store/models-repo.js';

/** The local Hugging Face cache: HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub. */
export function huggingFaceCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HF_HUB_CACHE) return env.HF_HUB_CACHE;
  if (env.HF_HOME) return path.join(env.HF_HOME, 'hub');
  return path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'huggingface', 'hub');
}

/** Snapshot folders (models--org--name/snapshots/<rev>) that hold a config.json. */
export function cachedModelFolders(cacheDir: string): string[] {
  const out: string[] = [];
  for (const repo of fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []) {
    if (!repo.startsWith('models--')) continue;
    const snapshots = path.join(cacheDir, repo, 'snapshots');
    for (const rev of fs.existsSync(snapshots) ? fs.readdirSync(snapshots) : []) {
      if (fs.existsSync(path.join(snapshots, rev, 'config.json'))) out.push(path.join(snapshots, rev));
    }
  }
  return out;
}

/** Adds model folders after the worker has inspected them; the main process never parses weights. */
export class ModelLibrary {
  constructor(
    private readonly repo: ModelsRepo,
    private readonly newWorker: WorkerFactory,
  ) {}

  async add(folder: string): Promise<Model> {
    const dir = path.resolve(folder);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new AppError('NOT_FOUND', `${dir} is not a folder`, { path: dir });
    const info = ModelInfo.parse(await callWorker(this.newWorker, 'inspect-model', { path: dir }));
    return this.repo.upsert(info);
  }

  async scanCache(cacheDir = huggingFaceCacheDir()): Promise<ScanResult> {
    const added: Model[] = [];
    const skipped: ScanResult['skipped'] = [];
    for (const dir of cachedModelFolders(cacheDir)) {
      try {
        added.push(await this.add(dir));
      } catch (err) {
        skipped.push({ path: dir, reason: (err as Error).message });
      }
    }
    return { cacheDir, added, skipped };
  }

  /** Registers the bundled demo model once, so the Models page is never empty on a fresh install. */
  async ensureBundled(dir: string): Promise<void> {
    this.repo.bundledPath = path.resolve(dir);
    if (!this.repo.byPath(path.resolve(dir)) && fs.existsSync(dir)) await this.add(dir);
  }
}
