import { useEffect, useState, type FormEvent } from 'react';
import type { DatasetVersion } from '../../../electron/contract/datasets.js';
import { isCancellable } from '../../store/jobs-slice';
import { useStudio } from '../../store/index';
import { JobStrip } from './job-strip';
import { ValidationReportView } from './validation-report';

const NO_MODEL = '';

/** Validation against a base model's tokenizer and chat template, and the last report of this version. */
export function ValidationPanel({ version: v }: { version: DatasetVersion }) {
  const models = useStudio((s) => s.models);
  const modelsLoaded = useStudio((s) => s.modelsLoaded);
  const loadModels = useStudio((s) => s.loadModels);
  const validateVersion = useStudio((s) => s.validateVersion);
  const job = useStudio((s) => {
    const id = s.validateJobs[v.id];
    return id ? s.jobs[id] : undefined;
  });
  const [model, setModel] = useState<string | null>(null);
  const [maxLength, setMaxLength] = useState(String(v.validation?.maxLength ?? 512));

  useEffect(() => {
    if (!modelsLoaded) void loadModels();
  }, [modelsLoaded, loadModels]);

  // Until the user picks, the model of the last report, else the bundled model, else the first.
  const fallback = models.find((m) => m.path === v.validation?.model?.path) ?? models.find((m) => m.bundled) ?? models[0];
  const chosen = model ?? fallback?.path ?? NO_MODEL;
  const length = Number(maxLength);
  const lengthOk = Number.isInteger(length) && length >= 8 && length <= 131072;
  const running = job !== undefined && isCancellable(job);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (lengthOk && !running) void validateVersion(v.id, chosen || undefined, length);
  };

  return (
    <div className="validation" data-testid="validation-panel">
      <form className="validation-form" onSubmit={onSubmit}>
        <label className="field">
          <span className="field-label">Base model (tokenizer and chat template)</span>
          <select className="select" value={chosen} onChange={(e) => setModel(e.target.value)} data-testid="validate-model">
            {models.map((m) => (
              <option key={m.id} value={m.path}>
                {m.name}
                {m.bundled ? ' (bundled)' : ''}
                {m.hasChatTemplate ? '' : ' — no chat template'}
              </option>
            ))}
            <option value={NO_MODEL}>No model: check rows only</option>
          </select>
        </label>
        <label className="field field-narrow">
          <span className="field-label">Max length (tokens)</span>
          <input
            className="text-input"
            type="number"
            min={8}
            max={131072}
            step={1}
            value={maxLength}
            aria-invalid={!lengthOk}
            onChange={(e) => setMaxLength(e.target.value)}
            data-testid="validate-max-length"
          />
        </label>
        <button type="submit" className="button button-primary" disabled={!lengthOk || running} data-testid="run-validation">
          {running ? 'Validating…' : v.validation ? 'Validate again' : 'Validate'}
        </button>
      </form>
      {!lengthOk && <p className="warning-text small">Max length is a whole number from 8 to 131072.</p>}
      {job && <JobStrip job={job} label="Validating" testId="validation-status" />}
      {v.validation ? (
        <ValidationReportView report={v.validation} />
      ) : (
        !running && <p className="muted hint">Not validated yet. Validation reads every row once: rows that do not fit the mapping, duplicates, token lengths against the max length, labels, and a few rows exactly as the model will see them.</p>
      )}
    </div>
  );
}
