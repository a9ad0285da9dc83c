import { useLayoutEffect, useRef, type ReactNode } from 'react';
import type { JobLog } from '../../../electron/contract/jobs.js';
import { formatLogTime } from '../../format/format-time';

interface JobLogsProps {
  lines: JobLog[];
  loading: boolean;
  /** Shown above the first line inside the scroll box ("Load older"). */
  header?: ReactNode;
  empty?: string;
}

/** The job's log, following new lines unless the user has scrolled up to read older ones. */
export function JobLogs({ lines, loading, header, empty = 'No log lines yet.' }: JobLogsProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const stickRef = useRef(true);
  const prevRef = useRef<{ first: JobLog | undefined; height: number }>({ first: undefined, height: 0 });

  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const prev = prevRef.current;
    if (stickRef.current) box.scrollTop = box.scrollHeight;
    // Older lines were put above: keep the line the user was reading where it was.
    else if (prev.first && lines[0] !== prev.first && lines.includes(prev.first)) box.scrollTop += box.scrollHeight - prev.height;
    prevRef.current = { first: lines[0], height: box.scrollHeight };
  }, [lines]);

  const onScroll = () => {
    const box = boxRef.current;
    if (box) stickRef.current = box.scrollHeight - box.scrollTop - box.clientHeight < 24;
  };

  return (
    <div className="log-box" ref={boxRef} onScroll={onScroll} tabIndex={0} role="log" aria-label="Job log" data-testid="job-logs">
      {header}
      {lines.length === 0 ? (
        <p className="muted log-empty">{loading ? 'Loading log…' : empty}</p>
      ) : (
        <ol className="log-lines">
          {lines.map((l, i) => (
            <li key={`${l.t}-${i}`} className={`log-line log-${l.level.toLowerCase()}`} data-testid="log-line">
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
