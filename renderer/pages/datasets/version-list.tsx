import type { Dataset, DatasetVersion } from '../../../electron/contract/datasets.js';
import { Badge } from '../../components/badge';
import { RowSelectButton } from '../../components/row-select-button';
import { formatTimestamp } from '../../format/format-time';
import { useStudio } from '../../store/index';
import { formatCount } from '../../format/format-count';
import { versionKind, versionNumber } from './dataset-labels';
import { recipeSummary } from './mix';

function Origin({ v, versions, nameOf }: { v: DatasetVersion; versions: readonly DatasetVersion[]; nameOf: (id: string) => string }) {
  if (!v.recipe) return <span>Imported from {v.sourceName}</span>;
  const parent = v.parentId ? versions.find((x) => x.id === v.parentId) : undefined;
  return (
    <span>
      Prepared from {parent ? `v${versionNumber(versions, parent.id)}` : nameOf(v.parentId ?? '')}
      <div className="muted small">{recipeSummary(v.recipe, nameOf)}</div>
    </span>
  );
}

/** The lineage of a dataset: each version, where it came from (file or recipe), and its splits. */
export function VersionList({ dataset, selectedId, onSelect }: { dataset: Dataset; selectedId: string; onSelect: (id: string) => void }) {
  const all = useStudio((s) => s.datasets);
  const versions = [...dataset.versions].sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
  // Versions of other datasets (mix sources) are named "dataset vN".
  const nameOf = (id: string) => {
    for (const d of all) {
      const v = d.versions.find((x) => x.id === id);
      if (v) return d.id === dataset.id ? `v${versionNumber(d.versions, id)}` : `${d.name} v${versionNumber(d.versions, id)}`;
    }
    return id.slice(0, 8);
  };
  const now = Date.now();
  return (
    <section className="detail-section" aria-label="Versions">
      <h3>Versions</h3>
      <div className="table-scroll">
        <table className="table table-compact versions-table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Origin</th>
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col" title="Rows in the train, validation and test splits of a prepared version">
                Train / val / test
              </th>
              <th scope="col">Schema</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => {
              const selected = v.id === selectedId;
              const kind = versionKind(v);
              return (
                <tr key={v.id} className={selected ? 'selected' : undefined} onClick={() => onSelect(v.id)} data-testid="version-row">
                  <th scope="row">
                    <RowSelectButton selected={selected} onSelect={() => onSelect(v.id)}>
                      v{versionNumber(dataset.versions, v.id)}
                    </RowSelectButton>{' '}
                    {v.validation && <Badge tone="success">validated</Badge>}
                  </th>
                  <td>
                    <Origin v={v} versions={dataset.versions} nameOf={nameOf} />
                  </td>
                  <td className="num">{formatCount(v.rows)}</td>
                  <td className="nowrap">{v.splits ? `${formatCount(v.splits.train)} / ${formatCount(v.splits.validation)} / ${formatCount(v.splits.test)}` : '—'}</td>
                  <td>
                    {kind.label}
                    {kind.source === 'detected' && <span className="muted small"> (detected)</span>}
                  </td>
                  <td className="nowrap">{formatTimestamp(v.createdAt, now)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
