import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../../electron/contract/channels.js';
import { contentSecurityPolicy } from '../../../electron/server/csp.js';
import { repoRoot } from '../../helpers/fixtures.js';

/**
 * Electron cannot launch on these machines (FACTS.md), so the window's security settings are
 * checked in the source; electronegativity does not flag nodeIntegration: true, this does.
 */
const main = fs.readFileSync(path.join(repoRoot, 'electron', 'main.ts'), 'utf8');
const preload = fs.readFileSync(path.join(repoRoot, 'electron', 'preload.cts'), 'utf8');

describe('Electron main window security', () => {
  it.each(['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'nodeIntegrationInWorker: false', 'webSecurity: true', 'webviewTag: false', 'allowRunningInsecureContent: false'])(
    'sets %s',
    (setting) => expect(main).toContain(setting),
  );

  it.each(['nodeIntegration: true', 'webSecurity: false', 'contextIsolation: false', 'sandbox: false', 'allowRunningInsecureContent: true', 'enableRemoteModule'])(
    'never sets %s',
    (setting) => expect(main).not.toContain(setting),
  );

  it('denies permissions, blocks navigation and window.open, and checks the IPC sender', () => {
    expect(main).toMatch(/setPermissionRequestHandler\([^)]*\)\s*=>\s*callback\(false\)/);
    expect(main).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
    expect(main).toMatch(/will-navigate[\s\S]{0,120}preventDefault/);
    expect(main).toMatch(/setWindowOpenHandler[\s\S]{0,160}action: 'deny'/);
    expect(main).toMatch(/if \(!trustedSender\(e\)\)/);
    expect(main).toContain('app.enableSandbox()');
  });

  it('has a CSP without inline or eval script, framing or plugins', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
  });

  it('uses the same channel names in the sandboxed preload as in the contract', () => {
    expect(preload).toContain(`const CALL_CHANNEL = '${CALL_CHANNEL}'`);
    expect(preload).toContain(`const EVENT_CHANNEL = '${EVENT_CHANNEL}'`);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
    expect(preload).not.toMatch(/require\((?!'electron')/);
  });
});
