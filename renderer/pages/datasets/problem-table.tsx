import type { RowProblem } from '../../../electron/contract/datasets.js';

/** Rows that could not be used: where (line, field), what (code) and why. */
export function ProblemTable({ problems, testId }: { problems: readonly RowProblem[]; testId: string }) {
  return (
    <div className="table-scroll problem-scroll">
      <table className="table table-compact" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col" className="num">
              Line
            </th>
            <th scope="col">Code</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={`${p.line}-${p.code}-${i}`} data-testid="problem-row">
              <td className="num mono">{p.line}</td>
              <td>
                <code>{p.code}</code>
              </td>
              <td className="detail-cell">
                {p.field && <span className="mono">{p.field}: </span>}
                {p.message}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
