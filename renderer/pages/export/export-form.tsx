import { useEffect, useMemo, useState } from 'react';
import type { ExportFormat, ExportSource, GgufType } from '../../../electron/contract/exports.js';
import type { Job } from '../../../electron/contract/jobs.js';
import type { Model } from '../../../electron/contract/models.js';
import { formatBytes } from '../../format/format-bytes';
import { useStudio } from '../../store';
import { FORMATS, GGUF_TYPES, QUANT_HINTS } from './export-labels';

export interface SourceOption {
  key: string;
  label: string;
  source: ExportSource;
}

const base = (p: string) => p.split(/[\\/]/).filter(Boolean).pop() ?? p;

/** Finished fine-tunes first (what users export), then the base models as they are. */
export function sourceOptions(trainJobs: readonly Job[], models: readonly Model[]): SourceOption[] {
  const tuned = trainJobs.map((j) => ({ key: `job:${j.id}`, label: `Fine-tune ${j.id.slice(0, 8)} of ${base((j.spec as { model: string }).model)}`, source: { jobId: j.id } }));
  const bases = models.map((m) => ({ key: `model:${m.path}`, label: `Base model ${m.name}`, source: { model: m.path } }));
  return [...tuned, ...bases];
}

export function ExportForm({ options }: { options: SourceOption[] }) {
  const [sourceKey, setSourceKey] = useState(options[0]?.key ?? '');
  const [format, setFormat] = useState<ExportFormat>('ollama');
  const [quant, setQuant] = useState<GgufType>('Q4_K_M');
  const [onnxInt8, setOnnxInt8] = useState(false);
  const [system, setSystem] = useState('');
  const [prompts, setPrompts] = useState(8);
  const [validate, setValidate] = useState(true);
  const estimate = useStudio((s) => s.exportEstimate);
  const loadExportEstimate = useStudio((s) => s.loadExportEstimate);
  const startExport = useStudio((s) => s.startExport);
  const starting = useStudio((s) => s.exportStarting);
  const option = options.find((o) => o.key === sourceKey) ?? options[0];

  useEffect(() => {
    if (!sourceKey && options[0]) setSourceKey(options[0].key);
  }, [options, sourceKey]);
  useEffect(() => {
    if (option) void loadExportEstimate(option.source);
  }, [option?.key]); // eslint-disable-line react-hooks/exhaustive-deps

  const choices = useMemo(() => estimate?.choices.filter((c) => c.format === format) ?? [], [estimate, format]);
  const usesQuant = format === 'gguf' || format === 'ollama';
  const chosen = choices.find((c) => (usesQuant ? c.quant === quant : format === 'onnx' ? c.quant === (onnxInt8 ? 'int8' : 'F32') : true));

  if (!option) return <p className="muted">Nothing to export yet: fine-tune a model (Train page) or add a base model (Models page).</p>;

  const submit = () =>
    void startExport({
      source: option.source,
      format,
      quant,
      onnxInt8,
      prompts,
      validate,
      ollama: format === 'ollama' ? { create: true, ...(system.trim() ? { system } : {}) } : undefined,
    });

  return (
    <form
      className="export-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label className="field">
        <span className="field-label">Model to export</span>
        <select className="select" value={option.key} onChange={(e) => setSourceKey(e.target.value)} data-testid="export-source">
          {options.map((o) => (
            <option key={o.key} value={o.key}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="export-formats">
        <legend className="field-label">Format</legend>
        {FORMATS.map((f) => (
          <label key={f.id} className={`export-format${format === f.id ? ' selected' : ''}`}>
            <input type="radio" name="format" value={f.id} checked={format === f.id} onChange={() => setFormat(f.id)} />
            <span>
              <strong>{f.label}</strong>
              <span className="muted small"> {f.blurb}. Proven with {f.runtime}.</span>
            </span>
          </label>
        ))}
      </fieldset>
      {usesQuant && (
        <div className="table-scroll">
          <table className="table export-quants" data-testid="export-quants">
            <thead>
              <tr>
                <th>Type</th>
                <th />
                <th className="numeric">File</th>
                <th className="numeric">RAM to run</th>
              </tr>
            </thead>
            <tbody>
              {GGUF_TYPES.map((q) => {
                const c = choices.find((x) => x.quant === q);
                return (
                  <tr key={q} className={q === quant ? 'selected' : undefined} onClick={() => setQuant(q)}>
                    <td>
                      <label>
                        <input type="radio" name="quant" checked={q === quant} onChange={() => setQuant(q)} /> {q}
                      </label>
                    </td>
                    <td className="muted small">{QUANT_HINTS[q]}</td>
                    <td className="numeric">{c ? formatBytes(c.fileBytes) : '…'}</td>
                    <td className="numeric">{c ? formatBytes(c.ramBytes) : '…'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {format === 'onnx' && (
        <label className="check-field">
          <input type="checkbox" checked={onnxInt8} onChange={(e) => setOnnxInt8(e.target.checked)} /> int8 weights (smaller; the proof reports the difference instead of requiring 1e-4)
        </label>
      )}
      {format === 'ollama' && (
        <label className="field">
          <span className="field-label">System prompt (optional)</span>
          <textarea className="text-input" rows={2} value={system} onChange={(e) => setSystem(e.target.value)} />
        </label>
      )}
      {!usesQuant && chosen && (
        <p className="muted small">
          About {formatBytes(chosen.fileBytes)} on disk, {formatBytes(chosen.ramBytes)} of RAM to run with a 2048-token context.
        </p>
      )}
      <div className="export-proof">
        <label className="check-field">
          <input type="checkbox" checked={validate} onChange={(e) => setValidate(e.target.checked)} /> Prove it before it is kept: greedy answers to
        </label>
        <input className="text-input export-prompts" type="number" min={1} max={64} value={prompts} onChange={(e) => setPrompts(Math.max(1, Math.min(64, Number(e.target.value) || 1)))} aria-label="Held-out prompts" />
        <span className="muted small">held-out prompts must match the engine's</span>
      </div>
      <div>
        <button type="submit" className="button button-primary" disabled={starting} data-testid="export-start">
          {starting ? 'Starting…' : `Export to ${FORMATS.find((f) => f.id === format)!.label}`}
        </button>
      </div>
    </form>
  );
}
