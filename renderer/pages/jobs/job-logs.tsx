import { useLayoutEffect, useRef } from 'react';
import type { JobLog } from '../../../electron/contract/jobs.js';
import { formatLogTime } from '../../format/format-time';

interface JobLogsProps {
  lines: JobLog[];
  loading: boolean;
}

/** The job's log, following new lines unless the user has scrolled up to read older ones. */
export function JobLogs({ lines, loading }: JobLogsProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const stickRef = useRef(true);

  useLayoutEffect(() => {
    const box = boxRef.current;
    if (box && stickRef.current) box.scrollTop = box.scrollHeight;
  }, [lines]);

  const onScroll = () => {
    const box = boxRef.current;
    if (box) stickRef.current = box.scrollHeight - box.scrollTop - box.clientHeight < 24;
  };

  return (
    <div className="log-box" ref={boxRef} onScroll={onScroll} tabIndex={0} role="log" aria-label="Job log" data-testid="job-logs">
      {lines.length === 0 ? (
        <p className="muted log-empty">{loading ? 'Loading log…' : 'No log lines yet.'}</p>
      ) : (
        <ol className="log-lines">
          {lines.map((l, i) => (
            <li key={`${l.t}-${i}`} className={`log-line log-${l.level.toLowerCase()}`}>
              <time className="log-time">{formatLogTime(l.t)}</time>
              <span className="log-level">{l.level}</span>
              <span className="log-message">{l.message}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
