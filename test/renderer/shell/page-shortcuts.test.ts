import { describe, expect, it } from 'vitest';
import { pageFromHash } from '../../../renderer/shell/hash-route';
import { pageForShortcut } from '../../../renderer/shell/page-shortcuts';

const key = (over: Partial<Parameters<typeof pageForShortcut>[0]>) => ({ ctrlKey: false, metaKey: false, altKey: false, key: '', code: '', ...over });

describe('page shortcuts', () => {
  it('maps Ctrl/Cmd+1..8 to the pages in navigation order', () => {
    expect(pageForShortcut(key({ ctrlKey: true, key: '1', code: 'Digit1' }))).toBe('datasets');
    expect(pageForShortcut(key({ metaKey: true, key: '4', code: 'Digit4' }))).toBe('jobs');
    expect(pageForShortcut(key({ ctrlKey: true, key: '8', code: 'Digit8' }))).toBe('system');
  });

  it('reads the physical key, so layouts with shifted digits (AZERTY) work', () => {
    expect(pageForShortcut(key({ ctrlKey: true, key: '&', code: 'Digit1' }))).toBe('datasets');
  });

  it('ignores other keys and modifiers', () => {
    expect(pageForShortcut(key({ key: '1', code: 'Digit1' }))).toBeNull();
    expect(pageForShortcut(key({ ctrlKey: true, key: '9', code: 'Digit9' }))).toBeNull();
    expect(pageForShortcut(key({ ctrlKey: true, altKey: true, key: '1', code: 'Digit1' }))).toBeNull();
    expect(pageForShortcut(key({ ctrlKey: true, key: 'a', code: 'KeyA' }))).toBeNull();
  });

  it('reads the page from the URL hash', () => {
    expect(pageFromHash('#/jobs')).toBe('jobs');
    expect(pageFromHash('#system')).toBe('system');
    expect(pageFromHash('#/nope')).toBeNull();
    expect(pageFromHash('')).toBeNull();
  });
});
