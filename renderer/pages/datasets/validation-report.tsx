import type { ValidationReport } from '../../../electron/contract/datasets.js';
import { formatTimestamp } from '../../format/format-time';
import { formatCount } from '../../format/format-count';
import { describeMapping, KIND_LABELS } from './mapping';
import { ReportProblems } from './report-problems';
import { LabelBars } from './label-bars';
import { TemplateLint } from './template-lint';
import { TokenHistogram } from './token-histogram';

function Stat({ label, value, unit }: { label: string; value: string; unit?: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd className="stat-value">
        {value}
        {unit && <span className="stat-unit"> {unit}</span>}
      </dd>
    </div>
  );
}

/** A stored validation report: numbers first, then what to fix, then the evidence. */
export function ValidationReportView({ report: r }: { report: ValidationReport }) {
  const t = r.tokens;
  return (
    <div className="report" data-testid="validation-report">
      <p className="muted small">
        Validated {formatTimestamp(r.createdAt)} with {r.model ? <strong>{r.model.name}</strong> : 'no model'}, max length {formatCount(r.maxLength)} tokens
        {r.mapping && (
          <>
            , as {KIND_LABELS[r.mapping.kind]} ({describeMapping(r.mapping)})
          </>
        )}
        . {formatCount(Math.round(r.rowsPerSecond))} rows/s.
      </p>
      <dl className="stat-grid" data-testid="report-summary">
        <Stat label="Rows" value={formatCount(r.rows)} />
        <Stat label="Usable rows" value={formatCount(r.usableRows)} unit={r.rows ? `(${Math.round((100 * r.usableRows) / r.rows)} %)` : undefined} />
        <Stat label="Duplicates" value={formatCount(r.duplicates.exact)} unit={r.duplicates.normalized ? `+ ${formatCount(r.duplicates.normalized)} near` : undefined} />
        {t && <Stat label="Tokens p50 / p95" value={`${formatCount(t.p50)} / ${formatCount(t.p95)}`} />}
        {t && <Stat label="Longest" value={formatCount(t.max)} unit="tokens" />}
        {t && <Stat label="Cut at max length" value={formatCount(t.truncated)} unit={`(${t.truncatedPercent.toFixed(1)} %)`} />}
      </dl>
      {r.warnings.length > 0 ? (
        <ul className="warnings" data-testid="report-warnings">
          {r.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      ) : (
        <p className="check-ok">✓ Nothing to fix found.</p>
      )}
      {t && (
        <section className="detail-section">
          <h3>Token lengths</h3>
          <TokenHistogram histogram={t.histogram} maxLength={r.maxLength} p50={t.p50} p95={t.p95} max={t.max} />
        </section>
      )}
      {r.labels && (
        <section className="detail-section">
          <h3>Labels</h3>
          <LabelBars counts={r.labels.counts} imbalanceRatio={r.labels.imbalanceRatio} />
        </section>
      )}
      <ReportProblems report={r} />
      {r.templateLint.length > 0 && (
        <section className="detail-section">
          <h3>Template lint</h3>
          <p className="muted small">
            {r.model ? `The first rows as ${r.model.name} will see them${r.model.hasChatTemplate ? ', through its chat template' : ' (no chat template: Alpaca format)'}.` : 'The first rows as plain turns (choose a model to see its template).'}{' '}
            Special tokens are highlighted.
          </p>
          <TemplateLint rows={r.templateLint} />
        </section>
      )}
    </div>
  );
}
