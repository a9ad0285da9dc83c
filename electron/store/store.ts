import { openDatabase, type Db } from './database.js';
import { DatasetsRepo } from './datasets-repo.js';
import { JobsRepo } from './jobs-repo.js';
import { ModelsRepo } from './models-repo.js';
import { SettingsRepo } from './settings-repo.js';

/** The app's durable state: one SQLite database in the data directory. */
export class Store {
  readonly jobs: JobsRepo;
  readonly settings: SettingsRepo;
  readonly models: ModelsRepo;
  readonly datasets: DatasetsRepo;

  private constructor(readonly db: Db) {
    this.jobs = new JobsRepo(db);
    this.settings = new SettingsRepo(db);
    this.models = new ModelsRepo(db);
    this.datasets = new DatasetsRepo(db);
  }

  static open(dataDir: string): Store {
    return new Store(openDatabase(dataDir));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
