interface ProgressBarProps {
  /** 0..1 */
  value: number;
  label: string;
  tone?: 'info' | 'success' | 'danger' | 'neutral';
}

export function ProgressBar({ value, label, tone = 'info' }: ProgressBarProps) {
  const pct = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div className={`progress progress-${tone}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
      {/* A style property set through the CSSOM, which the CSP's style-src does not restrict. */}
      <div className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
