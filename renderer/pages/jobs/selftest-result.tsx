import type { SelftestResult } from '../../../electron/contract/jobs.js';

export type { SelftestResult };

export function readSelftestResult(value: unknown): SelftestResult | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const num = (k: string) => typeof v[k] === 'number';
  if (typeof v.backend !== 'string' || typeof v.tfjsVersion !== 'string') return null;
  if (!['size', 'checksum', 'expectedChecksum', 'millis', 'gflops'].every(num)) return null;
  return value as SelftestResult;
}

export function SelftestResultView({ result }: { result: SelftestResult }) {
  // The worker fails the job when the checksum is off by more than 0.1 %; the same test here.
  const matches = Math.abs(result.checksum - result.expectedChecksum) <= 1e-3 * result.expectedChecksum;
  return (
    <div className="result" data-testid="selftest-result">
      <dl className="stat-grid">
        <div className="stat">
          <dt>Backend</dt>
          <dd className="stat-value">{result.backend}</dd>
        </div>
        <div className="stat">
          <dt>Throughput</dt>
          <dd className="stat-value">
            {result.gflops.toFixed(2)} <span className="stat-unit">GFLOP/s</span>
          </dd>
        </div>
        <div className="stat">
          <dt>Checksum</dt>
          <dd className="stat-value">
            {result.checksum} <span className={matches ? 'check-ok' : 'check-bad'}>{matches ? '✓ correct' : '✗ wrong'}</span>
          </dd>
        </div>
      </dl>
      <p className="muted small">
        {result.size}×{result.size} matrix multiply in {result.millis.toFixed(1)} ms (mean of 3) with TF.js {result.tfjsVersion}; expected
        checksum {result.expectedChecksum}.
      </p>
    </div>
  );
}
