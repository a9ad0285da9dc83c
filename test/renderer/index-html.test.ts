import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../electron/server/csp.js';
import { repoRoot } from '../helpers/fixtures.js';

const html = fs.readFileSync(path.join(repoRoot, 'renderer', 'index.html'), 'utf8');

describe('renderer/index.html', () => {
  it('carries the shared CSP, less frame-ancestors (ignored, with a console error, in a meta tag)', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    const expected = contentSecurityPolicy()
      .split('; ')
      .filter((d) => !d.startsWith('frame-ancestors'))
      .join('; ');
    expect(meta).toBe(expected);
  });

  it('follows the OS colour scheme and has no inline script or style', () => {
    expect(html).toContain('<meta name="color-scheme" content="light dark"');
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle=/i);
    for (const m of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)) {
      expect(m[1]).toMatch(/\ssrc=/);
      expect(m[2]!.trim()).toBe('');
    }
  });
});
