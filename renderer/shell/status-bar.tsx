import type { ConnectionState } from '../client/transport';
import { useStudio } from '../store/index';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
};

export function StatusBar() {
  const connection = useStudio((s) => s.connection);
  const health = useStudio((s) => s.health);
  const running = useStudio((s) => Object.values(s.jobs).filter((j) => j.state === 'running').length);
  return (
    <header className="status-bar">
      <span className={`connection connection-${connection}`} role="status" data-testid="connection-state">
        <span className="connection-dot" aria-hidden="true" />
        {LABELS[connection]}
        {connection === 'reconnecting' && health?.mode === 'web' && (
          <span className="status-hint"> — if Finetune Studio was restarted, open the new URL it printed</span>
        )}
      </span>
      {running > 0 && <span className="status-item">{running === 1 ? '1 job running' : `${running} jobs running`}</span>}
      <span className="status-spacer" />
      <span className="status-item" data-testid="app-version">
        Finetune Studio {health ? `${health.version} · ${health.mode === 'web' ? 'browser mode' : 'desktop'}` : ''}
      </span>
    </header>
  );
}
