import { useEffect } from 'react';
import { PAGES, type PageId } from '../store/nav-slice';

interface KeyLike {
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  key: string;
  code: string;
}

/**
 * Ctrl+N (Cmd+N on macOS) opens page N. `code` is read first so layouts where digits need Shift
 * (AZERTY) still work; Alt is left alone because AltGr arrives as Ctrl+Alt on Windows.
 */
export function pageForShortcut(e: KeyLike): PageId | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(e.code)?.[1] ?? (/^[1-9]$/.test(e.key) ? e.key : null);
  if (digit === null) return null;
  return PAGES[Number(digit) - 1]?.id ?? null;
}

export function usePageShortcuts(setPage: (page: PageId) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const page = pageForShortcut(e);
      if (!page) return;
      // Chromium would otherwise switch browser tabs in browser mode.
      e.preventDefault();
      setPage(page);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setPage]);
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);
