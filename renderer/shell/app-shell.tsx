import { useStudio } from '../store/index';
import { useHashRoute } from './hash-route';
import { NoticeArea } from './notice-area';
import { usePageShortcuts } from './page-shortcuts';
import { PageView } from './page-view';
import { SideNav } from './side-nav';
import { StatusBar } from './status-bar';

export function AppShell() {
  const page = useStudio((s) => s.page);
  const setPage = useStudio((s) => s.setPage);
  usePageShortcuts(setPage);
  useHashRoute(page, setPage);
  return (
    <div className="app">
      <aside className="sidebar">
        <div className="sidebar-inner">
          <div className="brand">
            <img className="brand-mark" src="./favicon.svg" alt="" width={28} height={28} />
            <span className="brand-name">Finetune Studio</span>
          </div>
          <SideNav />
        </div>
      </aside>
      <div className="main-column">
        <StatusBar />
        <main className="content">
          <PageView page={page} />
        </main>
      </div>
      <NoticeArea />
    </div>
  );
}
