import { memo, useLayoutEffect, useRef, type ReactNode } from 'react';
import type { JobLog } from '../../../electron/contract/jobs.js';
import { formatLogTime } from '../../format/format-time';
import { logKey } from '../../store/log-view-slice';

interface JobLogsProps {
  lines: JobLog[];
  loading: boolean;
  /** Shown above the first line inside the scroll box ("Load older"). */
  header?: ReactNode;
  empty?: string;
}

/**
 * One line, keyed by what it says rather than its index: when the view drops its oldest lines or loads
 * older ones, the rows already on screen are neither re-rendered nor rebuilt.
 */
const LogLine = memo(function LogLine({ line }: { line: JobLog }) {
  return (
    <li className={`log-line log-${line.level.toLowerCase()}`} data-testid="log-line">
      <time className="log-time">{formatLogTime(line.t)}</time>
      <span className="log-level">{line.level}</span>
      <span className="log-message">{line.message}</span>
    </li>
  );
});

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
          {lines.map((l) => (
            <LogLine key={logKey(l)} line={l} />
          ))}
        </ol>
      )}
    </div>
  );
}
