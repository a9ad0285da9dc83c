import { formatCount } from '../../format/format-count';

/** Class counts as horizontal bars, largest first; the bar widths are set through React's style prop (CSSOM, allowed by the CSP). */
export function LabelBars({ counts, imbalanceRatio }: { counts: Record<string, number>; imbalanceRatio: number }) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const top = Math.max(1, ...entries.map(([, n]) => n));
  const total = entries.reduce((a, [, n]) => a + n, 0);
  return (
    <div data-testid="label-bars">
      <ul className="label-bars">
        {entries.map(([label, n]) => (
          <li key={label} className="label-bar">
            <span className="label-bar-name" title={label}>
              {label}
            </span>
            <span className="label-bar-track">
              <span className="label-bar-fill" style={{ width: `${(100 * n) / top}%` }} />
            </span>
            <span className="label-bar-count">
              {formatCount(n)} <span className="muted">({total ? Math.round((100 * n) / total) : 0} %)</span>
            </span>
          </li>
        ))}
      </ul>
      <p className={imbalanceRatio >= 3 ? 'warning-text small' : 'muted small'}>Largest class / smallest: {imbalanceRatio.toFixed(1)}×</p>
    </div>
  );
}
