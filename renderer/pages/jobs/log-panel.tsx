import { useEffect, useState } from 'react';
import type { Job } from '../../../electron/contract/jobs.js';
import { useStudio } from '../../store/index';
import { LOG_LEVELS, type LogLevel } from '../../store/log-view-slice';
import { downloadText } from '../../client/download-file';
import { JobLogs } from './job-logs';
import { logFileName, logText } from './log-text';

const SEARCH_DEBOUNCE_MS = 300;

/** A job's stored log: level chips, search, older pages on demand, new lines as they come, copy and save. */
export function LogPanel({ job }: { job: Job }) {
  const view = useStudio((s) => (s.logView?.jobId === job.id ? s.logView : null));
  const filter = useStudio((s) => s.logFilter);
  const setFilter = useStudio((s) => s.setLogFilter);
  const openLogView = useStudio((s) => s.openLogView);
  const loadOlder = useStudio((s) => s.loadOlderLogs);
  const fetchAll = useStudio((s) => s.fetchAllLogs);
  const notify = useStudio((s) => s.notify);
  const [search, setSearch] = useState(filter.search);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    void openLogView(job.id);
  }, [job.id, openLogView]);
  useEffect(() => {
    if (search === filter.search) return;
    const timer = setTimeout(() => setFilter({ search }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, filter.search, setFilter]);

  const toggle = (level: LogLevel) => setFilter({ levels: filter.levels.includes(level) ? filter.levels.filter((l) => l !== level) : LOG_LEVELS.filter((l) => l === level || filter.levels.includes(l)) });

  const all = async () => {
    try {
      return logText(await fetchAll(job.id));
    } catch (err) {
      notify(err, 'Reading the whole log');
      return null;
    }
  };
  const copy = async () => {
    const text = await all();
    if (text === null) return;
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch (err) {
      notify(err, 'Copying the log');
    }
  };
  const save = async () => {
    const text = await all();
    if (text !== null) downloadText(logFileName(job), text, 'text/plain');
  };

  const lines = view?.lines ?? [];
  const filtered = filter.levels.length < LOG_LEVELS.length || filter.search.trim() !== '';
  return (
    <section className="detail-section log-panel" data-testid="log-panel">
      <div className="log-toolbar">
        <h3>Log</h3>
        <div className="chips level-chips" role="group" aria-label="Levels shown">
          {LOG_LEVELS.map((level) => (
            <button
              key={level}
              type="button"
              className={filter.levels.includes(level) ? `chip level-chip level-${level.toLowerCase()} chip-on` : `chip level-chip level-${level.toLowerCase()}`}
              aria-pressed={filter.levels.includes(level)}
              onClick={() => toggle(level)}
              data-testid={`log-level-${level}`}
            >
              {level}
            </button>
          ))}
        </div>
        <input
          className="text-input log-search"
          type="search"
          placeholder="Search the log"
          aria-label="Search the log"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setFilter({ search });
          }}
          data-testid="log-search"
        />
        <span className="status-spacer" />
        <button type="button" className="button button-small" onClick={() => void copy()} data-testid="log-copy">
          {copied ? 'Copied' : 'Copy all'}
        </button>
        <button type="button" className="button button-small" onClick={() => void save()} data-testid="log-save">
          Save .log
        </button>
      </div>
      {view?.error && <p className="warning-text small">Could not load the log: {view.error}</p>}
      <JobLogs
        lines={lines}
        loading={view?.loading ?? true}
        empty={filtered ? 'No lines match the filter.' : 'No log lines yet.'}
        header={
          view?.hasOlder && (
            <button type="button" className="link-button log-older" disabled={view.loadingOlder} onClick={() => void loadOlder()} data-testid="log-older">
              {view.loadingOlder ? 'Loading…' : 'Load older lines'}
            </button>
          )
        }
      />
      <p className="muted small log-count" data-testid="log-count">
        {lines.length.toLocaleString('en')} line{lines.length === 1 ? '' : 's'} shown{filtered ? ' (filtered)' : ''}
        {job.state === 'running' ? ' · following new lines' : ''}
      </p>
    </section>
  );
}
