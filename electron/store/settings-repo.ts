import { DEFAULT_SETTINGS, Settings, type SettingsPatch } from '../contract/settings.js';
import type { Db } from './database.js';

/** User settings: defaults overlaid with the rows the user changed. */
export class SettingsRepo {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored: Record<string, unknown> = {};
    for (const r of rows) {
      if (r.key in DEFAULT_SETTINGS) stored[r.key] = JSON.parse(r.value) as unknown;
    }
    // A value from an older version that no longer validates falls back to the default.
    const merged = Settings.safeParse({ ...DEFAULT_SETTINGS, ...stored });
    return merged.success ? merged.data : DEFAULT_SETTINGS;
  }

  update(patch: SettingsPatch): Settings {
    const upsert = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(patch)) {
        if (v !== undefined) upsert.run(k, JSON.stringify(v));
      }
    })();
    return this.get();
  }
}
