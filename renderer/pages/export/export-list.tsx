import { useState } from 'react';
import type { ExportResult, ExportSpec, ExportValidation } from '../../../electron/contract/exports.js';
import type { Job } from '../../../electron/contract/jobs.js';
import { Badge } from '../../components/badge';
import { ProgressBar } from '../../components/progress-bar';
import { formatBytes } from '../../format/format-bytes';
import { formatTimestamp } from '../../format/format-time';
import { useStudio } from '../../store';
import { isCancellable } from '../../store/jobs-slice';
import { STATE_TONES } from '../jobs/job-labels';
import { exportSourceLabel, exportTitle } from './export-labels';
import { ExportValidationView } from './export-validation';

function failedValidation(job: Job): ExportValidation | null {
  const d = job.error?.details as { validation?: ExportValidation } | undefined;
  return d?.validation ?? null;
}

function ExportRow({ job }: { job: Job }) {
  const [open, setOpen] = useState(false);
  const cancelJob = useStudio((s) => s.cancelJob);
  const downloadExportZip = useStudio((s) => s.downloadExportZip);
  const revealExport = useStudio((s) => s.revealExport);
  const revealed = useStudio((s) => s.revealedPaths[job.id]);
  const spec = job.spec as ExportSpec;
  const result = job.state === 'completed' ? (job.result as ExportResult) : null;
  const validations = result?.validations ?? (failedValidation(job) ? [failedValidation(job)!] : []);
  const proven = result ? result.validations.every((v) => v.passed) : false;
  return (
    <li className="export-row" data-testid="export-row">
      <div className="export-row-head">
        <div>
          <strong>{exportTitle(spec)}</strong> <span className="muted">of {exportSourceLabel(spec)}</span>
          <div className="muted small">{formatTimestamp(job.createdAt)}</div>
        </div>
        <div className="export-row-status">
          <Badge tone={STATE_TONES[job.state]}>{job.state}</Badge>
          {result && <Badge tone={proven ? 'success' : 'warning'}>{spec.validate ? (proven ? 'proven' : 'not proven') : 'not validated'}</Badge>}
        </div>
        <div className="export-row-actions">
          {isCancellable(job) && (
            <button type="button" className="button button-small" onClick={() => void cancelJob(job.id)}>
              Cancel
            </button>
          )}
          {result && (
            <>
              <button type="button" className="button button-small" onClick={() => void downloadExportZip(job.id)}>
                Download zip
              </button>
              <button type="button" className="button button-small" onClick={() => void revealExport(job.id)}>
                Show folder
              </button>
            </>
          )}
          {(result || validations.length > 0) && (
            <button type="button" className="button button-small" aria-expanded={open} onClick={() => setOpen(!open)}>
              {open ? 'Hide report' : 'Report'}
            </button>
          )}
        </div>
      </div>
      {job.state === 'running' && <ProgressBar value={job.progress} label={`${exportTitle(spec)} progress`} />}
      {job.state === 'running' && job.message && <div className="muted small">{job.message}</div>}
      {job.state === 'failed' && <div className="warning-text small">{job.error?.message ?? job.message}</div>}
      {revealed && (
        <div className="small">
          Folder: <code className="mono">{revealed}</code>
        </div>
      )}
      {result?.ollama && (
        <div className="export-ollama small">
          {result.ollama.created === 'no' ? 'Create it in Ollama with ' : 'In Ollama: '}
          <code className="mono">{result.ollama.created === 'no' ? result.ollama.command : `ollama run ${result.ollama.name}`}</code>
          <button type="button" className="button button-small" onClick={() => void navigator.clipboard?.writeText(result.ollama!.created === 'no' ? result.ollama!.command : `ollama run ${result.ollama!.name}`)}>
            Copy
          </button>
        </div>
      )}
      {open && (
        <div className="export-details">
          {result && (
            <table className="table export-artifacts">
              <tbody>
                {result.artifacts.map((a) => (
                  <tr key={a.path}>
                    <td>{a.kind}</td>
                    <td className="mono small">{a.path}</td>
                    <td className="numeric">{formatBytes(a.bytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {validations.map((v, i) => (
            <ExportValidationView key={i} v={v} />
          ))}
        </div>
      )}
    </li>
  );
}

export function ExportList({ jobs }: { jobs: Job[] }) {
  if (jobs.length === 0) return <p className="muted">No exports yet. Each export is proven by an independent runtime before it is marked done.</p>;
  return (
    <ul className="export-list">
      {jobs.map((j) => (
        <ExportRow key={j.id} job={j} />
      ))}
    </ul>
  );
}
