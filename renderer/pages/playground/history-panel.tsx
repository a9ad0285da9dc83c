import { useStudio } from '../../store/index';
import { formatMs } from './answer-stats';

function when(t: number): string {
  return new Date(t).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

/** Saved runs, newest first: each prompt with every target's answer and speed; run again or delete. */
export function HistoryPanel() {
  const history = useStudio((s) => s.pgHistory);
  const busy = useStudio((s) => s.pgRequestId !== null);
  const rerun = useStudio((s) => s.rerunHistory);
  const remove = useStudio((s) => s.deletePgHistory);
  return (
    <section className="card pg-history" data-testid="pg-history" aria-label="History">
      <header className="card-header">
        <h3 className="card-title">History</h3>
        <span className="card-aside muted small">{history.length ? `${history.length} run${history.length === 1 ? '' : 's'}` : ''}</span>
      </header>
      {history.length === 0 && <p className="muted small">Prompts you send are saved here with every answer.</p>}
      <ol className="pg-history-list">
        {history.map((h) => (
          <li key={h.id} className="pg-history-entry" data-testid="pg-history-entry">
            <details>
              <summary>
                <span className="pg-history-prompt">{h.prompt}</span>
                <span className="muted small">
                  {' '}
                  · {h.mode} · {h.answers.length} target{h.answers.length === 1 ? '' : 's'} · {when(h.createdAt)}
                </span>
              </summary>
              {h.system && <p className="small muted">System: {h.system}</p>}
              {h.answers.map((a) => (
                <div key={a.targetId} className="pg-history-answer">
                  <div className="small">
                    <strong>{a.label}</strong>
                    {a.stats && (
                      <span className="muted">
                        {' '}
                        · TTFT {formatMs(a.stats.timeToFirstTokenMs)} · {a.stats.tokensPerSecond.toFixed(0)} tok/s
                      </span>
                    )}
                  </div>
                  <pre className="pg-history-text">{a.text || '(no answer)'}</pre>
                </div>
              ))}
            </details>
            <div className="pg-history-actions">
              <button type="button" className="link-button small" data-testid="pg-rerun" disabled={busy} onClick={() => void rerun(h)}>
                Run again
              </button>
              <button type="button" className="link-button small pg-delete" onClick={() => void remove(h.id)}>
                Delete
              </button>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
