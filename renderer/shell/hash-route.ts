import { useEffect } from 'react';
import { isPageId, pageLabel, type PageId } from '../store/nav-slice';

export function pageFromHash(hash: string): PageId | null {
  const id = hash.replace(/^#\/?/, '');
  return isPageId(id) ? id : null;
}

/** Mirrors the current page in the URL hash so a reload (F5, or a renderer crash) returns to it. */
export function useHashRoute(page: PageId, setPage: (page: PageId) => void): void {
  useEffect(() => {
    const onHash = () => {
      const next = pageFromHash(window.location.hash);
      if (next) setPage(next);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [setPage]);

  useEffect(() => {
    const hash = `#/${page}`;
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
    document.title = `${pageLabel(page)} · Finetune Studio`;
  }, [page]);
}
