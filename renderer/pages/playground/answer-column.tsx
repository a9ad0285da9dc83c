import { ProgressBar } from '../../components/progress-bar';
import { useStudio } from '../../store/index';
import type { PlaygroundColumn } from '../../store/playground-slice';
import { AnswerStats } from './answer-stats';
import { AnswerText } from './answer-text';
import { CopyAsMenu } from './copy-as-menu';
import { TargetPicker } from './target-picker';

interface AnswerColumnProps {
  index: number;
  column: PlaygroundColumn;
  /** The first column's answers by request id, for highlighting differences (null for the first column itself). */
  reference: ReadonlyMap<string, string> | null;
  taken: ReadonlySet<string>;
}

/** One target: its picker, its worker's state, and its conversation with streamed answers and their speed. */
export function AnswerColumn({ index, column, reference, taken }: AnswerColumnProps) {
  const options = useStudio((s) => s.pgTargets);
  const worker = useStudio((s) => (column.optionId ? s.pgWorkers[column.optionId] : undefined));
  const busy = useStudio((s) => s.pgRequestId !== null);
  const canRemove = useStudio((s) => s.pgColumns.length > 1);
  const setColumnTarget = useStudio((s) => s.setColumnTarget);
  const removeColumn = useStudio((s) => s.removeColumn);
  const mode = useStudio((s) => s.pgMode);
  const system = useStudio((s) => s.pgSystem);
  const params = useStudio((s) => s.pgParams);
  const option = options.find((o) => o.id === column.optionId);
  const lastPrompt = column.turns[column.turns.length - 1]?.prompt ?? '';

  return (
    <section className="pg-column card" data-testid="pg-column" aria-label={option?.label ?? `Column ${index + 1}`}>
      <header className="pg-column-head">
        <TargetPicker options={options} value={column.optionId} taken={taken} disabled={busy} onChange={(id) => setColumnTarget(index, id)} />
        {canRemove && (
          <button type="button" className="icon-button" aria-label="Remove this column" title="Remove this column" disabled={busy} onClick={() => removeColumn(index)}>
            ×
          </button>
        )}
      </header>
      {option && <p className="pg-target-detail muted small">{option.detail}</p>}
      {worker?.state === 'loading' && (
        <div className="pg-loading" data-testid="pg-loading">
          <ProgressBar value={worker.progress} label={`Loading ${option?.label ?? 'model'}`} />
          <span className="small muted">{worker.message ?? 'Loading…'}</span>
        </div>
      )}
      {worker?.state === 'unloaded' && worker.reason && <p className="small muted">Unloaded ({worker.reason}); the next prompt loads it again.</p>}
      {worker?.state === 'failed' && <p className="pg-error small">{worker.reason}</p>}
      <div className="pg-turns">
        {column.turns.length === 0 && <p className="muted small pg-empty">{option ? 'Answers appear here.' : 'Choose a target for this column.'}</p>}
        {column.turns.map((t) => (
          <div key={t.requestId} className="pg-turn">
            {mode === 'chat' ? <div className="pg-user">{t.prompt}</div> : <div className="pg-raw-prompt small muted">{t.prompt} …</div>}
            <AnswerText text={t.text} reference={reference?.get(t.requestId) ?? null} streaming={!t.done} />
            {t.error && <p className="pg-error small">{t.error.message}</p>}
            {t.stats && <AnswerStats stats={t.stats} />}
          </div>
        ))}
      </div>
      {option && lastPrompt && <CopyAsMenu option={option} prompt={lastPrompt} mode={mode} system={system} params={params} />}
    </section>
  );
}
