import type { RuntimeProbe, RuntimeStatus } from '../../../electron/contract/system.js';
import { Badge } from '../../components/badge';
import { Card } from '../../components/card';

/** The probe marks backends it skipped (one native TF.js binding per process) with this prefix. */
const NOT_TRIED = /^not tried/i;

function StatusBadge({ status }: { status: RuntimeStatus }) {
  if (status.available) return <Badge tone="success">Available</Badge>;
  if (status.detail && NOT_TRIED.test(status.detail)) return <Badge tone="neutral">Not tried</Badge>;
  return <Badge tone="danger">Unavailable</Badge>;
}

function RuntimeRows({ rows }: { rows: [string, string, RuntimeStatus][] }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Runtime</th>
          <th scope="col">Status</th>
          <th scope="col">Version</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, role, status]) => (
          <tr key={name}>
            <th scope="row">
              <code>{name}</code>
              <div className="muted small">{role}</div>
            </th>
            <td>
              <StatusBadge status={status} />
            </td>
            <td>{status.version ?? '—'}</td>
            <td className="detail-cell">{status.detail ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the compute worker could load: the first available TF.js backend (in this order) is used. */
export function RuntimesCard({ runtimes }: { runtimes: RuntimeProbe }) {
  const tf = runtimes.tfjs;
  return (
    <div className="card-grid">
      <Card title="TF.js backends" className="card-wide" testId="tfjs-backends">
        <p className="muted small">Training uses the first of these that loads, top to bottom.</p>
        <RuntimeRows
          rows={[
            ['tfjs-node-gpu', 'CUDA GPU', tf['tfjs-node-gpu']],
            ['tfjs-node', 'native CPU (libtensorflow)', tf['tfjs-node']],
            ['wasm', 'WebAssembly CPU, always bundled', tf.wasm],
          ]}
        />
      </Card>
      <Card title="Export runtimes" className="card-wide" testId="export-runtimes">
        <p className="muted small">Every export is checked by running it in one of these before it is marked done.</p>
        <RuntimeRows
          rows={[
            ['onnxruntime', 'validates ONNX exports', runtimes.onnxruntime],
            ['llama.cpp', 'validates GGUF / Ollama exports', runtimes.llamaCpp],
          ]}
        />
      </Card>
    </div>
  );
}
