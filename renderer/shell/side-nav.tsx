import { PageIcon } from '../components/page-icon';
import { PAGES } from '../store/nav-slice';
import { useStudio } from '../store/index';
import { isMac } from './page-shortcuts';

export function SideNav() {
  const page = useStudio((s) => s.page);
  const setPage = useStudio((s) => s.setPage);
  return (
    <nav className="side-nav" aria-label="Pages">
      <ul>
        {PAGES.map((p, i) => (
          <li key={p.id}>
            <button
              type="button"
              className="nav-item"
              aria-current={page === p.id ? 'page' : undefined}
              aria-keyshortcuts={isMac ? `Meta+${i + 1}` : `Control+${i + 1}`}
              onClick={() => setPage(p.id)}
            >
              <PageIcon page={p.id} />
              <span className="nav-label">{p.label}</span>
              {/* Hidden from the accessible name, which stays the page's name; aria-keyshortcuts says it instead. */}
              <kbd className="nav-shortcut" aria-hidden="true">
                {isMac ? '⌘' : 'Ctrl '}
                {i + 1}
              </kbd>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
