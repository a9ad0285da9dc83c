import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectStudio } from './client/index';
import { AppShell } from './shell/app-shell';
import { pageFromHash } from './shell/hash-route';
import { StudioStoreContext, createStudioStore } from './store/index';
import { startLiveUpdates } from './store/live-updates';
import './styles/theme.css';
import './styles/shell.css';
import './styles/controls.css';
import './styles/cards.css';
import './styles/tables.css';
import './styles/feedback.css';
import './styles/system.css';
import './styles/jobs.css';
import './styles/models.css';
import './styles/datasets.css';
import './styles/train.css';
import './styles/export.css';
import './styles/playground.css';
import './styles/notices.css';

const client = connectStudio();
const store = createStudioStore(client);
const initialPage = pageFromHash(window.location.hash);
if (initialPage) store.getState().setPage(initialPage);
startLiveUpdates(store, client);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StudioStoreContext.Provider value={store}>
      <AppShell />
    </StudioStoreContext.Provider>
  </StrictMode>,
);
