import { useEffect, useState } from 'react';
import type { DatasetVersion } from '../../../electron/contract/datasets.js';
import { Spinner } from '../../components/spinner';
import { PREVIEW_PAGE_SIZE, type PreviewSplit } from '../../store/datasets-slice';
import { useStudio } from '../../store/index';
import { formatCount } from '../../format/format-count';
import { cellText, isStructured, truncate } from './cell-text';

function Cell({ value }: { value: unknown }) {
  const [open, setOpen] = useState(false);
  const full = cellText(value);
  const { text, cut } = truncate(full);
  const cls = isStructured(value) ? 'cell mono' : 'cell';
  if (!cut) return <td className={cls}>{full}</td>;
  return (
    <td className={cls} title={open ? undefined : full}>
      <span className="cell-text">{open ? full : text}</span>{' '}
      <button type="button" className="link-button small" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'less' : 'more'}
      </button>
    </td>
  );
}

/** Columns of a page: the version's own, or for a split (canonical samples) the keys its rows have. */
function columnsOf(version: DatasetVersion, split: PreviewSplit, rows: readonly { record: Record<string, unknown> }[]): string[] {
  if (split === 'all') return version.columns;
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.record)) seen.add(k);
  return [...seen];
}

/** One page of rows (50), with the file's line numbers; a prepared version can show each split. */
export function PreviewTable({ version }: { version: DatasetVersion }) {
  const preview = useStudio((s) => s.preview);
  const loadPreview = useStudio((s) => s.loadPreview);
  const [split, setSplit] = useState<PreviewSplit>('all');
  const [offset, setOffset] = useState(0);

  useEffect(() => {
    void loadPreview(version.id, split, offset);
  }, [version.id, split, offset, loadPreview]);

  const mine = preview?.versionId === version.id && preview.split === split ? preview : null;
  const data = mine?.data ?? null;
  const total = data?.total ?? (split === 'all' ? version.rows : (version.splits?.[split] ?? 0));
  const rows = data?.rows ?? [];
  const columns = columnsOf(version, split, rows);
  const last = Math.max(0, Math.floor((total - 1) / PREVIEW_PAGE_SIZE) * PREVIEW_PAGE_SIZE);
  const go = (o: number) => setOffset(Math.min(last, Math.max(0, o)));

  return (
    <div className="preview" data-testid="preview">
      <div className="toolbar">
        {version.splits && (
          <label className="field-inline">
            <span>Split</span>
            <select
              className="select"
              value={split}
              data-testid="preview-split"
              onChange={(e) => {
                setSplit(e.target.value as PreviewSplit);
                setOffset(0);
              }}
            >
              <option value="all">All rows (before splitting)</option>
              <option value="train">Train ({formatCount(version.splits.train)})</option>
              <option value="validation">Validation ({formatCount(version.splits.validation)})</option>
              <option value="test">Test ({formatCount(version.splits.test)})</option>
            </select>
          </label>
        )}
        <span className="muted small" data-testid="preview-range" aria-live="polite">
          {total === 0 ? 'No rows' : `Rows ${formatCount(offset + 1)}–${formatCount(Math.min(total, offset + PREVIEW_PAGE_SIZE))} of ${formatCount(total)}`}
        </span>
        {mine?.loading && <Spinner label="Loading…" />}
        <div className="pager">
          <button type="button" className="button button-small" disabled={offset === 0} onClick={() => go(0)} aria-label="First page">
            «
          </button>
          <button type="button" className="button button-small" disabled={offset === 0} onClick={() => go(offset - PREVIEW_PAGE_SIZE)} data-testid="preview-prev">
            ‹ Previous
          </button>
          <button type="button" className="button button-small" disabled={offset >= last} onClick={() => go(offset + PREVIEW_PAGE_SIZE)} data-testid="preview-next">
            Next ›
          </button>
          <button type="button" className="button button-small" disabled={offset >= last} onClick={() => go(last)} aria-label="Last page">
            »
          </button>
        </div>
      </div>
      {mine?.error && (
        <div className="error-panel" role="alert">
          {mine.error}
        </div>
      )}
      <div className="table-scroll preview-scroll">
        <table className="table table-compact preview-table" data-testid="preview-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                {split === 'all' ? 'Line' : '#'}
              </th>
              {columns.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.line} data-testid="preview-row">
                <th scope="row" className="num mono muted">
                  {r.line}
                </th>
                {columns.map((c) => (
                  <Cell key={c} value={r.record[c]} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
