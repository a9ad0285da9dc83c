import type { AnswerStats as Stats } from '../../../electron/contract/playground.js';

const STOP_LABELS: Record<Stats['stopReason'], string> = {
  eos: 'end of answer',
  'stop-string': 'stop string',
  'max-tokens': 'token limit',
  cancelled: 'stopped',
  error: 'error',
};

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Time to first token and decode speed, shown under every answer. */
export function AnswerStats({ stats }: { stats: Stats }) {
  return (
    <div className="pg-stats" data-testid="pg-stats">
      <span title="Time to first token (includes reading the prompt)">
        TTFT <strong>{formatMs(stats.timeToFirstTokenMs)}</strong>
      </span>
      <span title="Tokens per second after the first">
        <strong>{stats.tokensPerSecond.toFixed(stats.tokensPerSecond < 10 ? 1 : 0)}</strong> tok/s
      </span>
      <span>{stats.tokens} tokens</span>
      <span>{STOP_LABELS[stats.stopReason]}</span>
      <span className="pg-runtime" title={stats.runtime}>
        {stats.runtime}
      </span>
    </div>
  );
}
