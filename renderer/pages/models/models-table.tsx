import type { Model } from '../../../electron/contract/models.js';
import { Badge } from '../../components/badge';
import { formatBytes } from '../../format/format-bytes';
import { formatParams } from '../../format/format-count';
import { useStudio } from '../../store/index';

export function ModelsTable({ models }: { models: Model[] }) {
  const removeModel = useStudio((s) => s.removeModel);
  return (
    <div className="table-scroll">
      <table className="table models-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Architecture</th>
            <th scope="col">Parameters</th>
            <th scope="col">Dtype</th>
            <th scope="col">Context</th>
            <th scope="col">On disk</th>
            <th scope="col" title="Training memory at batch 1 × 512 tokens">Training memory</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id} data-testid="model-row">
              <td>
                <strong>{m.name}</strong> {m.bundled && <Badge tone="info">bundled</Badge>}
                <div className="muted mono small" title={m.path}>
                  {m.path}
                </div>
                {m.warnings.map((w) => (
                  <div key={w} className="warning-text small" data-testid="model-warning">
                    ⚠ {w}
                  </div>
                ))}
              </td>
              <td>
                {m.architecture}
                <div className="muted small">
                  {m.numLayers} layers × {m.hiddenSize}
                </div>
              </td>
              <td>{formatParams(m.parameterCount)}</td>
              <td>{m.dtype}</td>
              <td>{m.contextLength.toLocaleString()}</td>
              <td>{formatBytes(m.sizeOnDiskBytes)}</td>
              <td>
                LoRA r8: {formatBytes(m.memory.loraR8Bytes)}
                <div className="muted small">full: {formatBytes(m.memory.fullBytes)}</div>
              </td>
              <td>
                {!m.bundled && (
                  <button type="button" className="button button-small" onClick={() => void removeModel(m.id)} aria-label={`Remove ${m.name}`}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
