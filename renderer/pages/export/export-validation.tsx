import type { ExportValidation } from '../../../electron/contract/exports.js';
import { Badge } from '../../components/badge';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** What an independent runtime said about an export: the proof the user is shown. */
export function ExportValidationView({ v }: { v: ExportValidation }) {
  return (
    <div className="export-validation" data-testid="export-validation">
      <div className="export-validation-head">
        <Badge tone={v.passed ? 'success' : 'danger'}>{v.passed ? 'proven' : 'failed'}</Badge>
        <strong>{v.runtime}</strong>
        <span className="muted">
          {v.identical}/{v.prompts} greedy answers identical · {pct(v.tokenAgreement)} of tokens agree
          {v.maxAbsLogitDiff !== undefined && ` · max |Δlogit| ${v.maxAbsLogitDiff.toExponential(2)}`}
          {v.meanAbsLogitDiff !== undefined && ` · mean ${v.meanAbsLogitDiff.toExponential(2)}`}
        </span>
      </div>
      {v.notes.length > 0 && (
        <ul className="export-notes">
          {v.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      {v.samples.length > 0 && (
        <div className="table-scroll">
          <table className="table export-samples">
            <thead>
              <tr>
                <th>Prompt</th>
                <th>Engine</th>
                <th>{v.runtime.split(' ')[0]}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {v.samples.map((s, i) => (
                <tr key={i} className={s.match ? undefined : 'export-sample-differs'}>
                  <td className="export-sample-text">{s.prompt}</td>
                  <td className="export-sample-text mono">{s.engine}</td>
                  <td className="export-sample-text mono">{s.runtime}</td>
                  <td>{s.match ? '=' : '≠'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
