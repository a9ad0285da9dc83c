import type { Dataset } from '../../../electron/contract/datasets.js';
import { Badge } from '../../components/badge';
import { RowSelectButton } from '../../components/row-select-button';
import { formatBytes } from '../../format/format-bytes';
import { formatTimestamp } from '../../format/format-time';
import { latestVersion } from '../../store/datasets-slice';
import { formatCount } from '../../format/format-count';
import { versionKind } from './dataset-labels';

interface DatasetsTableProps {
  datasets: Dataset[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

/** One row per dataset, showing its newest version; the name is the keyboard target. */
export function DatasetsTable({ datasets, selectedId, onSelect }: DatasetsTableProps) {
  const now = Date.now();
  return (
    <div className="table-scroll">
      <table className="table datasets-table">
        <thead>
          <tr>
            <th scope="col">Dataset</th>
            <th scope="col">Format</th>
            <th scope="col" className="num">
              Rows
            </th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Schema</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {datasets.map((d) => {
            const v = latestVersion(d);
            const kind = v ? versionKind(v) : null;
            const selected = d.id === selectedId;
            return (
              <tr key={d.id} data-testid="dataset-row" className={selected ? 'selected' : undefined} onClick={() => onSelect(d.id)}>
                <th scope="row">
                  <RowSelectButton selected={selected} onSelect={() => onSelect(d.id)}>
                    {d.name}
                  </RowSelectButton>
                  <div className="muted small">
                    {d.versions.length} version{d.versions.length === 1 ? '' : 's'}
                    {v?.splits && ' · prepared'}
                  </div>
                </th>
                <td className="mono">{v?.format ?? '—'}</td>
                <td className="num">{v ? formatCount(v.rows) : '—'}</td>
                <td className="num nowrap">{v ? formatBytes(v.bytes) : '—'}</td>
                <td>
                  {kind && (
                    <>
                      {kind.label} {kind.source === 'detected' && <Badge tone="neutral">detected</Badge>}
                      {kind.source === 'none' && <Badge tone="warning">unmapped</Badge>}
                    </>
                  )}
                </td>
                <td className="nowrap">{formatTimestamp(d.createdAt, now)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
