import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appUrlToFile, isAppUrl } from '../../../electron/security/app-protocol.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('app:// protocol', () => {
  it('recognises only our own origin', () => {
    expect(isAppUrl('app://studio/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://studio/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
  });

  it('maps requests into the renderer folder and never outside it', () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'index.html'), 'x');
    fs.writeFileSync(path.join(root, 'app.js'), 'x');
    expect(appUrlToFile(root, 'app://studio/app.js')).toEqual({ file: path.join(root, 'app.js'), type: 'text/javascript; charset=utf-8' });
    // Client-side routes fall back to the page itself.
    expect(appUrlToFile(root, 'app://studio/jobs/123')?.file).toBe(path.join(root, 'index.html'));
    for (const bad of ['app://studio/../../etc/passwd', 'app://studio/%2e%2e/%2e%2e/etc/passwd', 'app://studio/..%2f..%2fetc%2fpasswd']) {
      const target = appUrlToFile(root, bad);
      expect(target === null || target.file.startsWith(root)).toBe(true);
    }
    expect(appUrlToFile(root, 'app://elsewhere/app.js')).toBeNull();
  });
});
