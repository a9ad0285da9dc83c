import type { ValidationReport } from '../../../electron/contract/datasets.js';
import { formatCount } from '../../format/format-count';
import { ProblemTable } from './problem-table';

/** Rows that do not fit (by code, with sample lines), duplicates with where each was first seen, and leakage. */
export function ReportProblems({ report: r }: { report: ValidationReport }) {
  const codes = Object.entries(r.problems.counts).sort((a, b) => b[1] - a[1]);
  return (
    <>
      {codes.length > 0 && (
        <section className="detail-section" data-testid="report-problems">
          <h3>Rows that do not fit</h3>
          <div className="table-scroll">
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col" className="num">
                    Rows
                  </th>
                  <th scope="col">First lines</th>
                </tr>
              </thead>
              <tbody>
                {codes.map(([code, n]) => (
                  <tr key={code}>
                    <td>
                      <code>{code}</code>
                    </td>
                    <td className="num">{formatCount(n)}</td>
                    <td className="mono small">
                      {r.problems.samples
                        .filter((p) => p.code === code)
                        .slice(0, 12)
                        .map((p) => p.line)
                        .join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <details className="disclosure">
            <summary>Sample problems ({r.problems.samples.length})</summary>
            <ProblemTable problems={r.problems.samples} testId="report-problem-samples" />
          </details>
        </section>
      )}
      {r.duplicates.examples.length > 0 && (
        <section className="detail-section" data-testid="report-duplicates">
          <h3>Duplicates</h3>
          <div className="table-scroll">
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Line
                  </th>
                  <th scope="col" className="num">
                    Same as line
                  </th>
                  <th scope="col">Text</th>
                </tr>
              </thead>
              <tbody>
                {r.duplicates.examples.map((d) => (
                  <tr key={d.line}>
                    <td className="num mono">{d.line}</td>
                    <td className="num mono">{d.firstLine}</td>
                    <td className="detail-cell">{d.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {r.leakage && (
        <section className="detail-section" data-testid="report-leakage">
          <h3>Leakage</h3>
          <p className={r.leakage.count > 0 ? 'warning-text' : 'check-ok'}>
            {r.leakage.count > 0 ? `${formatCount(r.leakage.count)} samples appear in both ${r.leakage.between}.` : `No sample appears in both ${r.leakage.between}.`}
          </p>
          {r.leakage.examples.length > 0 && (
            <ul className="plain-list small mono">
              {r.leakage.examples.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
