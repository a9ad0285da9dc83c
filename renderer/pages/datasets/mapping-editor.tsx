import { useState, type FormEvent } from 'react';
import type { ColumnMapping, DatasetVersion, SchemaKind } from '../../../electron/contract/datasets.js';
import { Badge } from '../../components/badge';
import { useStudio } from '../../store/index';
import { formatPercent } from './dataset-labels';
import { carryColumns, describeMapping, KIND_LABELS, mappingFor, missingRoles, rolesOf, sameMapping, SCHEMA_KINDS } from './mapping';

/** Which column plays which role: starts from the saved mapping, else from detection, and is saved explicitly. */
export function MappingEditor({ version: v }: { version: DatasetVersion }) {
  const saveMapping = useStudio((s) => s.saveMapping);
  const saving = useStudio((s) => s.savingMapping);
  const start = v.mapping ?? v.detection.mapping;
  const [kind, setKind] = useState<SchemaKind>(start?.kind ?? 'instruction');
  const [columns, setColumns] = useState<Record<string, string>>(start ? { ...start.columns } : {});
  const draft = mappingFor(kind, columns);
  const missing = missingRoles(kind, columns);
  const chosen = Object.values(draft.columns);
  const reused = chosen.filter((c, i) => chosen.indexOf(c) !== i);
  const unchanged = sameMapping(draft, v.mapping);
  const d = v.detection;

  const use = (m: ColumnMapping) => {
    setKind(m.kind);
    setColumns({ ...m.columns });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (missing.length === 0 && !unchanged) void saveMapping(v.id, draft);
  };

  return (
    <div className="mapping" data-testid="mapping-editor">
      <section className="detection" data-testid="detection">
        <h3>
          Detected schema:{' '}
          {d.mapping ? (
            <>
              <span data-testid="detected-kind">{KIND_LABELS[d.mapping.kind]}</span> <Badge tone={d.confidence >= 0.9 ? 'success' : d.confidence >= 0.5 ? 'warning' : 'danger'}>{formatPercent(d.confidence)} of sampled rows fit</Badge>
            </>
          ) : (
            <span data-testid="detected-kind">none found</span>
          )}
        </h3>
        {d.reasons.length > 0 && (
          <ul className="reasons">
            {d.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        )}
        {(d.mapping || d.alternatives.length > 0) && (
          <div className="alternatives">
            <span className="muted small">Use:</span>
            {[...(d.mapping ? [d.mapping] : []), ...d.alternatives].map((m, i) => (
              <button key={`${m.kind}-${i}`} type="button" className="button button-small" onClick={() => use(m)} aria-pressed={sameMapping(m, draft)} data-testid="mapping-alternative">
                <strong>{KIND_LABELS[m.kind]}</strong>
                <span className="muted">{describeMapping(m)}</span>
              </button>
            ))}
          </div>
        )}
      </section>
      <form className="mapping-form" onSubmit={onSubmit}>
        <label className="field">
          <span className="field-label">Schema kind</span>
          <select
            className="select"
            value={kind}
            data-testid="mapping-kind"
            onChange={(e) => {
              const next = e.target.value as SchemaKind;
              setColumns(carryColumns(next, columns, v.columns));
              setKind(next);
            }}
          >
            {SCHEMA_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <div className="role-grid">
          {rolesOf(kind).map(({ role, required }) => (
            <label key={role} className="field">
              <span className="field-label">
                {role}
                {required ? <abbr title="required" className="required"> *</abbr> : <span className="muted small"> (optional)</span>}
              </span>
              <select
                className="select"
                value={columns[role] ?? ''}
                data-testid={`mapping-role-${role}`}
                aria-invalid={required && !columns[role]}
                onChange={(e) => setColumns((c) => ({ ...c, [role]: e.target.value }))}
              >
                <option value="">{required ? 'Choose a column…' : '— none —'}</option>
                {v.columns.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
        {missing.length > 0 && <p className="warning-text small">Choose a column for {missing.join(', ')}.</p>}
        {reused.length > 0 && <p className="warning-text small">Column {[...new Set(reused)].join(', ')} is used for more than one role.</p>}
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={saving || missing.length > 0 || unchanged} data-testid="save-mapping">
            {saving ? 'Saving…' : unchanged ? 'Saved' : 'Save mapping'}
          </button>
          {!unchanged && v.validation && <span className="muted small">Saving clears this version's validation report; validate again afterwards.</span>}
          {!v.mapping && <span className="muted small">Not saved yet: validation and prepare use the saved mapping.</span>}
        </div>
      </form>
    </div>
  );
}
