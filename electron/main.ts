/**
 * The Electron main process: one window, our services behind one IPC channel, and the security
 * settings of STYLE.md. Everything else in electron/ is plain Node (see services.ts).
 */
import { app, BrowserWindow, dialog, ipcMain, net, Notification, protocol, session, shell, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { CALL_CHANNEL, EVENT_CHANNEL } from './contract/channels.js';
import type { EventName, EventPayload } from './contract/events.js';
import type { ClientSession } from './events/event-hub.js';
import { DesktopStatus } from './jobs/desktop-status.js';
import { APP_NAME, appRoot, dataDir, rendererDir } from './paths.js';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, appUrlToFile, isAppUrl } from './security/app-protocol.js';
import { isAllowedExternalUrl } from './security/external-links.js';
import { contentSecurityPolicy } from './server/csp.js';
import { Services } from './services.js';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();
app.setName(APP_NAME);

let services: Services | null = null;
let mainWindow: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: APP_NAME,
    show: false,
    webPreferences: {
      preload: path.join(appRoot(), 'dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click would open links in new windows, bypassing the window-open handler's allow-list.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/** Only our own window's top frame, showing our own page, may call main. */
function trustedSender(e: IpcMainInvokeEvent): boolean {
  return mainWindow !== null && e.sender === mainWindow.webContents && e.senderFrame === mainWindow.webContents.mainFrame && isAppUrl(e.senderFrame.url);
}

function hardenSessions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

function serveRenderer(): void {
  const root = rendererDir();
  protocol.handle(APP_SCHEME, async (request) => {
    const target = appUrlToFile(root, request.url);
    if (!target || new URL(request.url).host !== APP_HOST) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(target.file).toString());
    return new Response(res.body, {
      status: res.status,
      headers: { 'Content-Type': target.type, 'Content-Security-Policy': contentSecurityPolicy(), 'X-Content-Type-Options': 'nosniff' },
    });
  });
}

/** Desktop habits: the running job's progress in the title and dock/taskbar, a notification when a job ends. */
function wireDesktop(s: Services, win: BrowserWindow): void {
  const status = new DesktopStatus(APP_NAME);
  // Our title carries job progress; the page's <title> must not replace it.
  win.on('page-title-updated', (e) => e.preventDefault());
  s.hub.subscribe(
    {
      id: 'desktop',
      send: (event, payload) => {
        if (event !== 'jobs:changed') return;
        const notice = status.update(payload as EventPayload<'jobs:changed'>);
        if (notice && Notification.isSupported()) new Notification(notice).show();
        if (win.isDestroyed()) return;
        const view = status.view();
        win.setTitle(view.title);
        win.setProgressBar(view.progress ?? -1);
      },
    },
    'jobs:changed',
  );
}

/** Quitting stops running workers; their jobs are marked interrupted on the next start (and can resume). */
async function confirmQuit(s: Services): Promise<boolean> {
  const n = s.scheduler.runningIds().length;
  if (n === 0) return true;
  const options = {
    type: 'question' as const,
    buttons: ['Quit', 'Keep running'],
    defaultId: 1,
    cancelId: 1,
    message: n === 1 ? 'A job is still running.' : `${n} jobs are still running.`,
    detail: 'Quitting stops it now. A training job is kept as interrupted and can resume from its last checkpoint when you open the app again.',
  };
  const r = mainWindow && !mainWindow.isDestroyed() ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
  return r.response === 0;
}

function wireIpc(s: Services): void {
  const sessionId = randomUUID();
  const windowSession: ClientSession = {
    id: sessionId,
    send<E extends EventName>(event: E, payload: EventPayload<E>) {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNEL, event, payload);
    },
  };
  ipcMain.handle(CALL_CHANNEL, (e, name: unknown, req: unknown) => {
    if (!trustedSender(e)) {
      return { ok: false, error: { code: 'VALIDATION_ERROR', message: 'Call refused: it did not come from the Finetune Studio window' } };
    }
    return s.router.dispatch(name, req, { session: windowSession });
  });
  // A reload starts a new renderer whose client subscribes again; drop the old subscriptions.
  mainWindow?.webContents.on('did-start-navigation', (_e, _url, _inPlace, isMainFrame) => {
    if (isMainFrame) s.hub.dropSession(sessionId);
  });
}

app.whenReady().then(
  () => {
    hardenSessions();
    serveRenderer();
    try {
      services = new Services({
        dataDir: dataDir(),
        mode: 'electron',
        pickFolder: async (title) => {
          const options = { title: title ?? 'Choose a folder', properties: ['openDirectory' as const] };
          const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
          return r.canceled ? null : (r.filePaths[0] ?? null);
        },
        saveFile: async (title, defaultName) => {
          const options = { title, defaultPath: defaultName };
          const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
          return r.canceled ? null : (r.filePath ?? null);
        },
        reveal: (target) => shell.showItemInFolder(target),
        pickFile: async (title, extensions) => {
          const filters = extensions?.length ? [{ name: 'Datasets', extensions }, { name: 'All files', extensions: ['*'] }] : [];
          const options = { title: title ?? 'Choose a file', properties: ['openFile' as const], filters };
          const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
          return r.canceled ? null : (r.filePaths[0] ?? null);
        },
      });
    } catch (err) {
      // e.g. a database from a newer version: say why and leave it untouched.
      dialog.showErrorBox(APP_NAME, (err as Error).message);
      app.exit(1);
      return;
    }
    mainWindow = createWindow();
    wireIpc(services);
    wireDesktop(services, mainWindow);
    // Closing the window with a job running goes through the quit confirmation.
    mainWindow.on('close', (e) => {
      if (quitting || !services?.scheduler.runningIds().length) return;
      e.preventDefault();
      app.quit();
    });
    mainWindow.on('closed', () => (mainWindow = null));
  },
  (err: unknown) => {
    console.error(err);
    app.exit(1);
  },
);

app.on('window-all-closed', () => app.quit());

let quitting = false;
let asking = false;
app.on('before-quit', (event) => {
  if (quitting || !services) return;
  event.preventDefault();
  if (asking) return;
  asking = true;
  const s = services;
  void confirmQuit(s)
    .then((quit) => {
      if (!quit) return;
      quitting = true;
      return s.close().finally(() => app.quit());
    })
    .finally(() => (asking = false));
});
