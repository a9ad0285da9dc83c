import { useStudio } from '../store/index';

/** Errors from calls, until the user dismisses them: nothing that failed goes unsaid. */
export function NoticeArea() {
  const notices = useStudio((s) => s.notices);
  const dismiss = useStudio((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="notices" aria-label="Notifications" role="region">
      {notices.map((n) => (
        <div key={n.id} className="notice" role="alert" data-testid="notice">
          <div className="notice-body">
            <div className="notice-title">
              {n.context ?? 'Something went wrong'}
              {n.count > 1 && <span className="notice-count"> ×{n.count}</span>}
            </div>
            <p className="notice-message">
              <code className="notice-code">{n.code}</code> {n.message}
            </p>
          </div>
          <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
