import { useStudio } from '../../store/index';

/** Mode, system prompt and the message: Enter sends, Shift+Enter starts a new line; Stop ends every answer. */
export function PromptBox() {
  const mode = useStudio((s) => s.pgMode);
  const system = useStudio((s) => s.pgSystem);
  const draft = useStudio((s) => s.pgDraft);
  const streaming = useStudio((s) => s.pgRequestId !== null);
  const setMode = useStudio((s) => s.setPgMode);
  const setSystem = useStudio((s) => s.setPgSystem);
  const setDraft = useStudio((s) => s.setPgDraft);
  const send = useStudio((s) => s.sendPrompt);
  const stop = useStudio((s) => s.stopPrompt);
  const connected = useStudio((s) => s.connection === 'connected');

  return (
    <section className="card pg-prompt" aria-label="Prompt">
      <div className="pg-prompt-row">
        <div className="pg-mode" role="radiogroup" aria-label="Prompt mode">
          {(['chat', 'raw'] as const).map((m) => (
            <label key={m} className={mode === m ? 'pg-mode-option active' : 'pg-mode-option'}>
              <input type="radio" name="pg-mode" value={m} checked={mode === m} onChange={() => setMode(m)} data-testid={`pg-mode-${m}`} />
              {m === 'chat' ? 'Chat (chat template)' : 'Raw completion'}
            </label>
          ))}
        </div>
      </div>
      {mode === 'chat' && (
        <textarea className="pg-system" data-testid="pg-system" rows={1} placeholder="System prompt (optional)" value={system} onChange={(e) => setSystem(e.target.value)} />
      )}
      <div className="pg-compose">
        <textarea
          className="pg-input"
          data-testid="pg-prompt"
          rows={3}
          placeholder={mode === 'chat' ? 'Message… (Enter to send, Shift+Enter for a new line)' : 'Text to continue… (Enter to send, Shift+Enter for a new line)'}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <div className="pg-compose-actions">
          {streaming ? (
            <button type="button" className="button button-danger" data-testid="pg-stop" onClick={() => void stop()}>
              Stop
            </button>
          ) : (
            <button type="button" className="button button-primary" data-testid="pg-send" disabled={!connected || !draft.trim()} onClick={() => void send()}>
              Send
            </button>
          )}
        </div>
      </div>
    </section>
  );
}
