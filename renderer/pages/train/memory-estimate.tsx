import { Badge } from '../../components/badge';
import { Card } from '../../components/card';
import { Spinner } from '../../components/spinner';
import { formatBytes } from '../../format/format-bytes';
import { formatCompactCount } from '../../format/format-count';
import { useStudio } from '../../store/index';
import { memoryParts } from './memory-parts';

/** What the run will need (weights, trainable, optimizer, activations) against the RAM free now: the warning comes before the run. */
export function MemoryEstimate() {
  const estimate = useStudio((s) => s.trainEstimate);
  const status = useStudio((s) => s.trainEstimateStatus);
  const error = useStudio((s) => s.trainEstimateError);

  if (status === 'idle' && !estimate) {
    return (
      <Card title="Memory" testId="train-memory">
        <p className="muted small">Choose a model, batch size and max length to see what the run needs.</p>
      </Card>
    );
  }
  if (status === 'error') {
    return (
      <Card title="Memory" testId="train-memory">
        <p className="warning-text small" data-testid="train-memory-error">
          Could not estimate: {error}
        </p>
      </Card>
    );
  }
  if (!estimate) {
    return (
      <Card title="Memory" testId="train-memory">
        <Spinner label="Estimating…" />
      </Card>
    );
  }
  const { parts, availableShare } = memoryParts(estimate);
  return (
    <Card
      title="Memory"
      testId="train-memory"
      aside={
        <span aria-busy={status === 'loading'}>
          {estimate.fits ? <Badge tone="success">fits</Badge> : <Badge tone="danger">will not fit</Badge>}
        </span>
      }
    >
      <p className="memory-total" data-testid="train-memory-total">
        <strong>{formatBytes(estimate.totalBytes)}</strong> <span className="muted">needed of {formatBytes(estimate.availableRamBytes)} RAM free</span>
      </p>
      <div className={estimate.fits ? 'memory-bar' : 'memory-bar memory-bar-over'} role="img" aria-label={`Needs ${formatBytes(estimate.totalBytes)}, ${formatBytes(estimate.availableRamBytes)} available`}>
        {parts.map((p) => (
          <span key={p.key} className={`memory-part memory-${p.key}`} style={{ width: `${(p.share * 100).toFixed(2)}%` }} title={`${p.label}: ${formatBytes(p.bytes)}`} />
        ))}
        <span className="memory-available" style={{ left: `${(availableShare * 100).toFixed(2)}%` }} aria-hidden="true" />
      </div>
      <ul className="memory-legend">
        {parts.map((p) => (
          <li key={p.key}>
            <span className={`memory-swatch memory-${p.key}`} aria-hidden="true" />
            {p.label} <span className="muted">{formatBytes(p.bytes)}</span>
          </li>
        ))}
        <li>
          <span className="memory-swatch memory-swatch-free" aria-hidden="true" />
          RAM free now
        </li>
      </ul>
      <p className="muted small">
        {formatCompactCount(estimate.trainableParams)} of {formatCompactCount(estimate.totalParams)} parameters trained
        {estimate.availableVramBytes !== null && ` · ${formatBytes(estimate.availableVramBytes)} VRAM free`}.
      </p>
      {estimate.warning && (
        <p className={estimate.fits ? 'warning-text small' : 'error-panel small'} role={estimate.fits ? undefined : 'alert'} data-testid="train-memory-warning">
          ⚠ {estimate.warning}
        </p>
      )}
    </Card>
  );
}
