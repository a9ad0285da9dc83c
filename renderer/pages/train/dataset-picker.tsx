import type { Dataset } from '../../../electron/contract/datasets.js';
import type { Model } from '../../../electron/contract/models.js';
import { isCancellable } from '../../store/jobs-slice';
import { useStudio } from '../../store/index';
import { formatCount } from '../../format/format-count';
import { JobStrip } from '../datasets/job-strip';
import { TemplateLint } from '../datasets/template-lint';
import { trainableVersions, validationStatus, type TrainDraft } from './train-draft';

interface DatasetPickerProps {
  datasets: Dataset[];
  draft: TrainDraft;
  models: Model[];
}

/** Prepared versions only (they carry the split files training reads); the rest are pointed at "Prepare…". */
export function DatasetPicker({ datasets, draft, models }: DatasetPickerProps) {
  const setDraft = useStudio((s) => s.setTrainDraft);
  const selectDataset = useStudio((s) => s.selectDataset);
  const setPage = useStudio((s) => s.setPage);
  const { prepared, unprepared } = trainableVersions(datasets);
  const choice = prepared.find((c) => c.version.id === draft.datasetVersionId) ?? null;

  const openPrepare = (id: string) => {
    selectDataset(id);
    setPage('datasets');
  };

  return (
    <fieldset className="fieldset train-section" data-testid="train-dataset-section">
      <legend>1 · Data</legend>
      {prepared.length === 0 ? (
        <p className="muted" data-testid="train-no-prepared">
          No prepared dataset yet. Training reads a prepared version: cleaned, deduplicated and split into train and validation.
        </p>
      ) : (
        <label className="field">
          <span className="field-label">Prepared dataset version</span>
          <select className="select" value={choice ? choice.version.id : ''} onChange={(e) => setDraft({ datasetVersionId: e.target.value })} data-testid="train-dataset">
            {!choice && <option value="">Choose a prepared version…</option>}
            {prepared.map((c) => (
              <option key={c.version.id} value={c.version.id}>
                {c.label} · {formatCount(c.version.rows)} rows
              </option>
            ))}
          </select>
        </label>
      )}
      {unprepared.length > 0 && (
        <ul className="plain-list unprepared-list" data-testid="train-unprepared">
          {unprepared.map((d) => (
            <li key={d.id} className="muted small">
              <strong>{d.name}</strong> has no prepared version yet.{' '}
              <button type="button" className="link-button" onClick={() => openPrepare(d.id)} data-testid="train-open-prepare">
                Prepare…
              </button>{' '}
              on the Datasets page
            </li>
          ))}
        </ul>
      )}
      {choice && <VersionChecks versionId={choice.version.id} datasets={datasets} draft={draft} models={models} />}
    </fieldset>
  );
}

function VersionChecks({ versionId, datasets, draft, models }: { versionId: string } & DatasetPickerProps) {
  const validateVersion = useStudio((s) => s.validateVersion);
  const job = useStudio((s) => {
    const id = s.validateJobs[versionId];
    return id ? s.jobs[id] : undefined;
  });
  const version = datasets.flatMap((d) => d.versions).find((v) => v.id === versionId) ?? null;
  if (!version) return null;
  const splits = version.splits!;
  const report = version.validation;
  const status = validationStatus(version, draft.model);
  const model = models.find((m) => m.path === draft.model);
  const running = job !== undefined && isCancellable(job);
  const maxLength = Number(draft.maxLength);

  return (
    <div className="version-checks" data-testid="train-version-checks">
      <ul className="chips" aria-label="Splits" data-testid="train-splits">
        <li className="chip chip-strong">train {formatCount(splits.train)}</li>
        <li className="chip">validation {formatCount(splits.validation)}</li>
        <li className="chip">test {formatCount(splits.test)}</li>
      </ul>
      {splits.validation === 0 && <p className="muted small">No validation split: validation loss and early stopping will have nothing to measure.</p>}
      <div className="validation-line" data-testid="train-validation">
        {status === 'none' && <span className="warning-text">Not validated yet.</span>}
        {status === 'other-model' && (
          <span className="warning-text">
            Validated against {report?.model?.name ?? 'no model'}, not {model?.name ?? 'the chosen model'}.
          </span>
        )}
        {status === 'current' && report && (
          <span className={report.usableRows === 0 ? 'warning-text' : 'check-ok'}>
            {report.usableRows === 0 ? '✗' : '✓'} Validated against {report.model?.name}: {formatCount(report.usableRows)} of {formatCount(report.rows)} rows usable at {formatCount(report.maxLength)}{' '}
            tokens
          </span>
        )}
        {status !== 'current' && draft.model && (
          <button
            type="button"
            className="button button-small"
            disabled={running || !Number.isInteger(maxLength) || maxLength < 8}
            onClick={() => void validateVersion(version.id, draft.model, maxLength)}
            data-testid="train-validate"
          >
            {running ? 'Validating…' : `Validate against ${model?.name ?? 'this model'}`}
          </button>
        )}
      </div>
      {job && <JobStrip job={job} label="Validating" testId="train-validation-job" />}
      {report && report.warnings.length > 0 && (
        <ul className="warnings" data-testid="train-validation-warnings">
          {report.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
      {report && report.templateLint.length > 0 && (
        <details className="disclosure">
          <summary>Template lint: the first rows as {report.model?.name ?? 'plain turns'} will see them</summary>
          <TemplateLint rows={report.templateLint.slice(0, 3)} />
        </details>
      )}
    </div>
  );
}
