import path from 'node:path';
import { renderReportHtml } from '../../native/data/report-html.js';
import type { DatasetLibrary } from './dataset-library.js';

/** The standalone HTML data report of a version: its import facts and, once validated, its validation. */
export function dataReport(datasets: DatasetLibrary, versionId: string): { fileName: string; html: string } {
  const { version } = datasets.versionFiles(versionId);
  const dataset = datasets.get(version.datasetId);
  const html = renderReportHtml({ datasetName: dataset.name, version }, version.validation);
  return { fileName: `${path.parse(dataset.name).name.replace(/[^\w.-]+/g, '_')}-report.html`, html };
}
