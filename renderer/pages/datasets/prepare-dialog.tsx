import { useState } from 'react';
import type { Dataset, DatasetVersion } from '../../../electron/contract/datasets.js';
import type { ClientError } from '../../client/client-error';
import { ErrorPanel } from '../../components/error-panel';
import { ModalDialog } from '../../components/modal-dialog';
import { formatCount } from '../../format/format-count';
import { useStudio } from '../../store/index';
import { versionNumber } from './dataset-labels';
import { evenShares, mixProblem, mixTotal, type MixSource } from './mix';
import { DEFAULTS, prepareFormProblems, recipeFrom, type PrepareForm } from './prepare-form';

/** Makes a new version: clean, deduplicate, optionally mix in other datasets (shares summing to 100 %), split. */
export function PrepareDialog({ dataset, version, onClose }: { dataset: Dataset; version: DatasetVersion; onClose: () => void }) {
  const all = useStudio((s) => s.datasets);
  const prepareDataset = useStudio((s) => s.prepareDataset);
  const [sources, setSources] = useState<MixSource[]>([{ versionId: version.id, percent: 100 }]);
  const [form, setForm] = useState<PrepareForm>(DEFAULTS);
  const [submitting, setSubmitting] = useState(false);
  const [refusal, setRefusal] = useState<ClientError | null>(null);
  const set = (patch: Partial<PrepareForm>) => setForm((f) => ({ ...f, ...patch }));

  const label = (v: DatasetVersion) => {
    const d = all.find((x) => x.id === v.datasetId);
    return `${d?.name ?? '?'} v${d ? versionNumber(d.versions, v.id) : '?'} · ${formatCount(v.rows)} rows`;
  };
  const byId = new Map(all.flatMap((d) => d.versions.map((v) => [v.id, v] as const)));
  const others = all.filter((d) => d.versions.some((v) => !sources.some((s) => s.versionId === v.id)));
  const problem = mixProblem(sources);
  const total = mixTotal(sources);
  const fieldProblems = prepareFormProblems(form);
  const blocked = problem !== null || Object.keys(fieldProblems).length > 0 || submitting;

  const add = (versionId: string) => {
    if (!versionId) return;
    const shares = evenShares(sources.length + 1);
    setSources([...sources, { versionId, percent: 0 }].map((s, i) => ({ ...s, percent: shares[i]! })));
  };
  const submit = async () => {
    setSubmitting(true);
    const err = await prepareDataset(dataset.id, recipeFrom(form, sources));
    setSubmitting(false);
    setRefusal(err);
    if (!err) onClose();
  };

  return (
    <ModalDialog title={`Prepare ${dataset.name}`} onClose={onClose} onSubmit={() => void submit()} submitLabel={submitting ? 'Starting…' : 'Prepare'} submitDisabled={blocked} testId="prepare-dialog" wide>
      <fieldset className="fieldset">
        <legend>Sources</legend>
        <table className="table table-compact mix-table">
          <tbody>
            {sources.map((s, i) => {
              const v = byId.get(s.versionId);
              return (
                <tr key={s.versionId}>
                  <td>{v ? label(v) : s.versionId}</td>
                  <td className="nowrap">
                    <input
                      className="text-input percent-input"
                      type="number"
                      min={0}
                      max={100}
                      step="any"
                      value={Number.isFinite(s.percent) ? s.percent : ''}
                      aria-label={`Share of ${v ? label(v) : s.versionId} in percent`}
                      onChange={(e) => setSources(sources.map((x, j) => (j === i ? { ...x, percent: e.target.value === '' ? Number.NaN : Number(e.target.value) } : x)))}
                      data-testid="mix-percent"
                      data-autofocus={i === 0 ? true : undefined}
                    />{' '}
                    %
                  </td>
                  <td>
                    {i > 0 && (
                      <button type="button" className="button button-small" onClick={() => setSources(sources.filter((_, j) => j !== i))} aria-label={`Remove ${v ? label(v) : s.versionId}`}>
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="mix-footer">
          {others.length === 0 ? (
            <span className="muted small">Import another dataset to mix it in.</span>
          ) : (
            <label className="field-inline">
              <span>Mix in</span>
              <select className="select" value="" onChange={(e) => add(e.target.value)} data-testid="mix-add">
                <option value="">another dataset version…</option>
                {others.map((d) => (
                  <optgroup key={d.id} label={d.name}>
                    {d.versions
                      .filter((v) => !sources.some((s) => s.versionId === v.id))
                      .map((v) => (
                        <option key={v.id} value={v.id} disabled={!v.mapping}>
                          {label(v)}
                          {v.mapping ? '' : ' (map its columns first)'}
                        </option>
                      ))}
                  </optgroup>
                ))}
              </select>
            </label>
          )}
          <span className={problem ? 'mix-total mix-total-bad' : 'mix-total'} data-testid="mix-total" aria-live="polite">
            Total {Math.round(total * 100) / 100} %
          </span>
        </div>
        {problem && sources.length > 0 && <p className="warning-text small" data-testid="mix-problem">{problem}</p>}
      </fieldset>

      {refusal && <ErrorPanel error={refusal} testId="prepare-error" />}
      <div className="form-columns">
        <fieldset className="fieldset">
          <legend>Clean</legend>
          <label className="check-field">
            <input type="checkbox" checked={form.trim} onChange={(e) => set({ trim: e.target.checked })} /> Trim spaces at both ends
          </label>
          <label className="check-field">
            <input type="checkbox" checked={form.collapseWhitespace} onChange={(e) => set({ collapseWhitespace: e.target.checked })} /> Collapse runs of spaces
          </label>
          <label className="check-field">
            <input type="checkbox" checked={form.dropEmpty} onChange={(e) => set({ dropEmpty: e.target.checked })} /> Drop rows with an empty prompt or reply
          </label>
          <label className="field">
            <span className="field-label">Duplicates</span>
            <select className="select" value={form.dedup} onChange={(e) => set({ dedup: e.target.value as PrepareForm['dedup'] })}>
              <option value="none">Keep all</option>
              <option value="exact">Drop exact duplicates</option>
              <option value="normalized">Drop near duplicates (case, spacing, punctuation)</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">Max rows</span>
            <input className="text-input" type="number" min={1} step={1} placeholder="all" value={form.maxRows} onChange={(e) => set({ maxRows: e.target.value })} aria-invalid={!!fieldProblems.maxRows} />
            {fieldProblems.maxRows && <span className="warning-text small">{fieldProblems.maxRows}</span>}
          </label>
        </fieldset>
        <fieldset className="fieldset">
          <legend>Split and format</legend>
          <div className="field-pair">
            <label className="field">
              <span className="field-label">Validation %</span>
              <input className="text-input" type="number" min={0} max={50} step="any" value={form.validationPct} onChange={(e) => set({ validationPct: e.target.value })} aria-invalid={!!fieldProblems.validationPct} />
              {fieldProblems.validationPct && <span className="warning-text small">{fieldProblems.validationPct}</span>}
            </label>
            <label className="field">
              <span className="field-label">Test %</span>
              <input className="text-input" type="number" min={0} max={50} step="any" value={form.testPct} onChange={(e) => set({ testPct: e.target.value })} aria-invalid={!!fieldProblems.testPct} />
              {fieldProblems.testPct && <span className="warning-text small">{fieldProblems.testPct}</span>}
            </label>
            <label className="field">
              <span className="field-label">Seed</span>
              <input className="text-input" type="number" min={0} step={1} value={form.seed} onChange={(e) => set({ seed: e.target.value })} aria-invalid={!!fieldProblems.seed} />
              {fieldProblems.seed && <span className="warning-text small">{fieldProblems.seed}</span>}
            </label>
          </div>
          <label className="check-field">
            <input type="checkbox" checked={form.stratify} onChange={(e) => set({ stratify: e.target.checked })} /> Stratify by label (classification)
          </label>
          <label className="field">
            <span className="field-label">Conversation format</span>
            <select className="select" value={form.template} onChange={(e) => set({ template: e.target.value as PrepareForm['template'] })}>
              <option value="model">Messages, via the model's chat template</option>
              <option value="alpaca">Flatten to Alpaca text</option>
              <option value="chatml">Flatten to ChatML text</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">Version name</span>
            <input className="text-input" maxLength={200} placeholder="optional" value={form.name} onChange={(e) => set({ name: e.target.value })} />
          </label>
        </fieldset>
      </div>
    </ModalDialog>
  );
}
