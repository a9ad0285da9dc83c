import type { ExportEstimate, ExportRequest, ExportSource } from '../../electron/contract/exports.js';
import type { Job } from '../../electron/contract/jobs.js';
import type { SliceCreator } from './slice';

type ExportRequestInput = Omit<Partial<ExportRequest>, 'source' | 'format'> & Pick<ExportRequest, 'source' | 'format'>;

export interface ExportsSlice {
  exportEstimate: ExportEstimate | null;
  /** Which source the estimate belongs to (a stale reply for another source is dropped). */
  exportEstimateKey: string | null;
  exportStarting: boolean;
  /** Paths the user asked to see where the platform cannot open a file manager (browser mode). */
  revealedPaths: Record<string, string>;
  loadExportEstimate(source: ExportSource): Promise<void>;
  startExport(req: ExportRequestInput): Promise<Job | null>;
  downloadExportZip(id: string): Promise<void>;
  revealExport(id: string): Promise<void>;
}

export const sourceKey = (s: ExportSource): string => ('jobId' in s ? `job:${s.jobId}` : `dir:${s.model}|${s.adapter ?? ''}`);

/** A same-origin download (browser mode): the server streams the zip with the token cookie. */
function downloadUrl(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener';
  a.download = '';
  document.body.append(a);
  a.click();
  a.remove();
}

export const createExportsSlice: SliceCreator<ExportsSlice> = (set, get, client) => ({
  exportEstimate: null,
  exportEstimateKey: null,
  exportStarting: false,
  revealedPaths: {},
  async loadExportEstimate(source) {
    const key = sourceKey(source);
    set({ exportEstimateKey: key, exportEstimate: null });
    try {
      const estimate = await client.call('exports:estimate', { source });
      if (get().exportEstimateKey === key) set({ exportEstimate: estimate });
    } catch (err) {
      get().notify(err, 'Estimating export sizes');
    }
  },
  async startExport(req) {
    set({ exportStarting: true });
    try {
      const job = await client.call('exports:start', req);
      get().applyJobChanged(job);
      return job;
    } catch (err) {
      get().notify(err, `Starting the ${req.format} export`);
      return null;
    } finally {
      set({ exportStarting: false });
    }
  },
  async downloadExportZip(id) {
    try {
      const r = await client.call('exports:zip', { id });
      if (r.url) downloadUrl(r.url);
    } catch (err) {
      get().notify(err, 'Saving the export as a zip');
    }
  },
  async revealExport(id) {
    try {
      const r = await client.call('exports:reveal', { id });
      if (!r.opened) set((s) => ({ revealedPaths: { ...s.revealedPaths, [id]: r.path } }));
    } catch (err) {
      get().notify(err, 'Showing the export folder');
    }
  },
});
