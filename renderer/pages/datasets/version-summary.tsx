import type { DatasetVersion } from '../../../electron/contract/datasets.js';
import { Badge } from '../../components/badge';
import { formatBytes } from '../../format/format-bytes';
import { formatCount } from '../../format/format-count';
import { formatPercent, versionKind } from './dataset-labels';
import { plural } from './import-failure';
import { ProblemTable } from './problem-table';

/** Facts about one version: where it came from, its shape, the schema in use, notes and skipped rows. */
export function VersionSummary({ version: v }: { version: DatasetVersion }) {
  const kind = versionKind(v);
  return (
    <section className="detail-section" data-testid="version-summary" aria-label="Version facts">
      <dl className="facts facts-inline version-facts">
        <div className="fact">
          <dt>Source</dt>
          <dd title={v.sourceName}>{v.sourceName}</dd>
        </div>
        <div className="fact">
          <dt>Format</dt>
          <dd className="mono">{v.format}</dd>
        </div>
        <div className="fact">
          <dt>Rows</dt>
          <dd>{formatCount(v.rows)}</dd>
        </div>
        <div className="fact">
          <dt>Size</dt>
          <dd>{formatBytes(v.bytes)}</dd>
        </div>
        <div className="fact">
          <dt>Schema</dt>
          <dd data-testid="version-schema">
            {kind.label}{' '}
            {kind.source === 'mapped' ? (
              <Badge tone="success">mapped</Badge>
            ) : kind.source === 'detected' ? (
              <Badge tone="info">detected {formatPercent(v.detection.confidence)}</Badge>
            ) : (
              <Badge tone="warning">needs mapping</Badge>
            )}
          </dd>
        </div>
        <div className="fact">
          <dt>SHA-256</dt>
          <dd className="mono" title={v.sha256}>
            {v.sha256.slice(0, 12)}…
          </dd>
        </div>
      </dl>
      <ul className="chips" aria-label="Columns">
        {v.columns.map((c) => (
          <li key={c} className={Object.values(v.mapping?.columns ?? v.detection.mapping?.columns ?? {}).includes(c) ? 'chip chip-strong' : 'chip'} title={v.columnTypes[c]}>
            {c}
          </li>
        ))}
      </ul>
      {v.notes.length > 0 && (
        <ul className="notes-list" data-testid="version-notes">
          {v.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {v.importProblems.count > 0 && (
        <details className="disclosure" data-testid="version-import-problems">
          <summary>
            {plural(v.importProblems.count, 'bad row')} skipped at import
          </summary>
          <ProblemTable problems={v.importProblems.samples} testId="skipped-problems" />
        </details>
      )}
    </section>
  );
}
