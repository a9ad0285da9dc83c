import { useEffect, useMemo } from 'react';
import { Page } from '../../components/page';
import { useStudio } from '../../store/index';
import { MAX_COLUMNS } from '../../store/playground-slice';
import { AnswerColumn } from './answer-column';
import { HistoryPanel } from './history-panel';
import { ParamsPanel } from './params-panel';
import { PromptBox } from './prompt-box';

/**
 * The Playground: one prompt to up to four targets side by side (base model, fine-tune, GGUF, ONNX),
 * answers streamed with their time to first token and speed, differences from the first column
 * highlighted, every run saved to history. Models stay warm in workers while the page is open.
 */
const TARGETS_REFRESH_MS = 5000;

export function PlaygroundPage() {
  const connected = useStudio((s) => s.connection === 'connected');
  const columns = useStudio((s) => s.pgColumns);
  const loadTargets = useStudio((s) => s.loadPlaygroundTargets);
  const loadHistory = useStudio((s) => s.loadPgHistory);
  const watch = useStudio((s) => s.watchPlayground);
  const unload = useStudio((s) => s.unloadPlayground);
  const addColumn = useStudio((s) => s.addColumn);
  const clear = useStudio((s) => s.clearConversations);
  const busy = useStudio((s) => s.pgRequestId !== null);

  useEffect(() => {
    if (!connected) return;
    void loadTargets();
    void loadHistory();
    // New fine-tunes, exports and models appear without a reload (the call only reads the store).
    const timer = setInterval(() => void loadTargets(), TARGETS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [connected, loadTargets, loadHistory]);
  useEffect(() => watch(), [watch]);
  // Leaving the page frees the models; the idle timeout covers a window left open.
  useEffect(() => () => void unload(), [unload]);

  // The first column's answers are the reference the others are compared with.
  const reference = useMemo(() => new Map((columns[0]?.turns ?? []).map((t) => [t.requestId, t.text])), [columns]);
  const taken = useMemo(() => new Set(columns.map((c) => c.optionId).filter((id): id is string => id !== null)), [columns]);

  const actions = (
    <>
      <button type="button" className="button" data-testid="pg-add-column" disabled={columns.length >= MAX_COLUMNS || busy} onClick={addColumn}>
        Add target
      </button>
      <button type="button" className="button" data-testid="pg-clear" disabled={busy} onClick={clear}>
        New conversation
      </button>
    </>
  );

  return (
    <Page id="playground" title="Playground" subtitle="Try prompts on base models, fine-tunes and exports, side by side" actions={actions}>
      <div className="pg-layout">
        <div className="pg-main">
          <div className={`pg-columns pg-columns-${columns.length}`}>
            {columns.map((c, i) => (
              <AnswerColumn key={c.key} index={i} column={c} reference={i === 0 ? null : reference} taken={taken} />
            ))}
          </div>
          <PromptBox />
        </div>
        <aside className="pg-side">
          <ParamsPanel />
        </aside>
      </div>
      <HistoryPanel />
    </Page>
  );
}
