import type { ReactNode } from 'react';
import type { ErrorShape } from '../../electron/contract/errors.js';

interface ErrorPanelProps {
  /** The contract's error shape (a ClientError has the same fields). */
  error: Pick<ErrorShape, 'code' | 'message'> & { details?: unknown };
  testId: string;
  /** Plain words shown instead of the code, when the page knows what the code means here. */
  lead?: ReactNode;
  /** Show `details` as JSON under the message (a failed job's facts). */
  showDetails?: boolean;
  /** An action that answers the error (Start anyway). */
  children?: ReactNode;
}

/** A refused call or a failed job, announced to screen readers: the code (or a plain lead) and the message. */
export function ErrorPanel({ error, testId, lead, showDetails, children }: ErrorPanelProps) {
  return (
    <div className="error-panel" role="alert" data-testid={testId}>
      <p>
        {lead ?? <code>{error.code}</code>} {error.message}
      </p>
      {showDetails && error.details !== undefined && <pre className="json">{JSON.stringify(error.details, null, 2)}</pre>}
      {children}
    </div>
  );
}
