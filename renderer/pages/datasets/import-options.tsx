import type { ImportOptions } from '../../store/datasets-slice';
import { useStudio } from '../../store/index';

const FORMATS: { value: ImportOptions['format']; label: string }[] = [
  { value: 'auto', label: 'Auto-detect' },
  { value: 'csv', label: 'CSV' },
  { value: 'tsv', label: 'TSV' },
  { value: 'json', label: 'JSON array' },
  { value: 'jsonl', label: 'JSON Lines' },
  { value: 'parquet', label: 'Parquet' },
  { value: 'txt', label: 'Text' },
];

/** Options for the next import, kept in the store so the button, the file input and a drop all use them. */
export function ImportOptionsForm() {
  const o = useStudio((s) => s.importOptions);
  const setOptions = useStudio((s) => s.setImportOptions);
  return (
    <div className="import-options" data-testid="import-options">
      <label className="field">
        <span className="field-label">Dataset name</span>
        <input className="text-input" value={o.name} placeholder="from the file name" maxLength={200} onChange={(e) => setOptions({ name: e.target.value })} data-testid="import-name" />
      </label>
      <label className="field">
        <span className="field-label">Format</span>
        <select className="select" value={o.format} onChange={(e) => setOptions({ format: e.target.value as ImportOptions['format'] })} data-testid="import-format">
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Text files</span>
        <select className="select" value={o.txtMode} onChange={(e) => setOptions({ txtMode: e.target.value as ImportOptions['txtMode'] })}>
          <option value="auto">Auto (lines or blocks)</option>
          <option value="lines">One sample per line</option>
          <option value="blocks">Blocks split by blank lines</option>
        </select>
      </label>
      <label className="check-field">
        <input type="checkbox" checked={o.skipBadRows} onChange={(e) => setOptions({ skipBadRows: e.target.checked })} data-testid="import-skip-bad" />
        Skip bad rows (they are listed)
      </label>
    </div>
  );
}
