import { AppError } from '../contract/errors.js';
import type { Handlers } from '../router/router.js';
import path from 'node:path';
import { dataReport } from '../datasets/data-report.js';
import { exportFiles, exportZipUrl, writeExportZip } from '../exports/export-zip.js';
import { previewRows } from '../datasets/preview.js';
import { deleteJob } from '../jobs/delete-job.js';
import { resumeJob } from '../jobs/resume.js';
import { retryJob } from '../jobs/retry.js';
import type { Services } from '../services.js';

/**
 * Every call's handler. Each is a line or two over a service; the router has already validated
 * the request, so handlers trust their input's shape.
 */
const notYet = (): never => {
  throw new AppError('INTERNAL_ERROR', 'Not built yet');
};

export function createHandlers(s: Services): Handlers {
  return {
    'app:health': () => ({ version: s.version, uptimeS: Math.round((Date.now() - s.startedAt) / 1000), mode: s.mode }),
    'system:info': () => s.systemInfo(),
    'settings:get': () => s.store.settings.get(),
    'settings:set': (patch) => {
      const settings = s.store.settings.update(patch);
      s.scheduler.settingsChanged();
      return settings;
    },
    'events:subscribe': ({ event }, { session }) => {
      s.hub.subscribe(session, event);
      if (event === 'system:sample') {
        const last = s.monitor.latest();
        if (last) session.send('system:sample', last);
      }
      return { subscribed: true as const };
    },
    'events:unsubscribe': ({ event }, { session }) => {
      s.hub.unsubscribe(session.id, event);
      return { subscribed: false as const };
    },
    'jobs:list': ({ limit }) => s.store.jobs.list(limit),
    'jobs:get': ({ id }) => s.store.jobs.get(id),
    'jobs:start': (spec) => s.scheduler.submit(spec),
    'jobs:cancel': ({ id }) => s.scheduler.cancel(id),
    'models:list': () => s.store.models.list(),
    'models:add': ({ path }) => s.models.add(path),
    'models:remove': ({ id }) => {
      s.store.models.remove(id);
      return { removed: true as const };
    },
    'models:scanCache': () => s.models.scanCache(),
    'dialog:pickFolder': async ({ title }) => ({ path: s.opts.pickFolder ? await s.opts.pickFolder(title) : null }),
    'dialog:pickFile': async ({ title, extensions }) => ({ path: s.opts.pickFile ? await s.opts.pickFile(title, extensions) : null }),
    'datasets:list': () => s.datasets.list(),
    'datasets:get': ({ id }) => s.datasets.get(id),
    'datasets:import': (req) => s.datasets.startImport(req),
    'datasets:preview': ({ versionId, offset, limit, split }) => {
      const { folder, meta } = s.datasets.versionFiles(versionId);
      return previewRows(folder, meta, split, offset, limit);
    },
    'datasets:setMapping': ({ versionId, mapping }) => s.datasets.setMapping(versionId, mapping),
    'datasets:validate': (req) => s.datasets.startValidate(req),
    'datasets:prepare': (recipe) => s.datasets.startPrepare(recipe),
    'datasets:report': ({ versionId }) => dataReport(s.datasets, versionId),
    'datasets:delete': ({ id }) => s.datasets.remove(id),
    'exports:estimate': ({ source }) => s.exports.estimate(source),
    'exports:start': (req) => s.exports.start(req),
    'exports:list': () => s.exports.list(),
    'exports:zip': async ({ id }) => {
      const job = s.store.jobs.get(id);
      exportFiles(job); // refuse before asking where to save
      if (!s.opts.saveFile) return { path: null, url: exportZipUrl(job) };
      const file = await s.opts.saveFile('Save the export as a zip', `${path.basename((job.result as { out?: string } | null)?.out ?? 'export')}.zip`);
      if (file) await writeExportZip(job, file);
      return { path: file, url: null };
    },
    'exports:reveal': ({ id }) => {
      const { root } = exportFiles(s.store.jobs.get(id));
      s.opts.reveal?.(root);
      return { opened: s.opts.reveal !== undefined, path: root };
    },
    'playground:targets': () => s.playground.targets(),
    'playground:send': (req) => s.playground.send(req),
    'playground:stop': ({ requestId }) => s.playground.stop(requestId),
    'playground:workers': () => s.playground.workerStates(),
    'playground:unload': ({ targetId }) => s.playground.unload(targetId),
    'playground:history': (q) => s.playground.listHistory(q),
    'playground:deleteHistory': ({ id }) => s.playground.deleteHistory(id),
    'jobs:metrics': ({ id, limit }) => s.store.jobs.metrics(id, limit),
    'jobs:logs': ({ id, ...query }) => s.store.jobs.logs(id, query),
    'jobs:resume': ({ id }) => resumeJob(s.store, s.scheduler, id),
    'jobs:retry': ({ id }) => retryJob(s.store, s.scheduler, s.opts.dataDir, id),
    'jobs:reorder': ({ id, position }) => s.scheduler.reorder(id, position),
    'jobs:delete': ({ id, deleteArtifacts }) => deleteJob(s.store, s.opts.dataDir, id, deleteArtifacts),
    'jobs:stats': () => s.store.jobs.stats(),
    'train:estimate': (req) => s.training.estimate(req),
    'train:start': (req) => s.training.start(req),
  };
}
