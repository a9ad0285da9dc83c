import type { ValidationReport } from '../../../electron/contract/datasets.js';
import { splitSpecialTokens } from './special-tokens';

/** Rendered rows exactly as training sees them, special tokens marked so a missing or doubled one shows. */
export function TemplateLint({ rows }: { rows: ValidationReport['templateLint'] }) {
  return (
    <div className="template-lint" data-testid="template-lint">
      {rows.map((row) => (
        <figure key={row.line} className="lint-row">
          <figcaption className="muted small">
            Line {row.line}
            {row.promptTokens + row.completionTokens > 0 && ` · ${row.promptTokens} prompt + ${row.completionTokens} reply tokens`}
          </figcaption>
          <pre className="lint-text">
            {splitSpecialTokens(row.rendered).map((seg, i) =>
              seg.special ? (
                <mark key={i} className="special-token" data-testid="special-token">
                  {seg.text}
                </mark>
              ) : (
                <span key={i}>{seg.text}</span>
              ),
            )}
          </pre>
        </figure>
      ))}
    </div>
  );
}
