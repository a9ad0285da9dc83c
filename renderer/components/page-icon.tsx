import type { PageId } from '../store/nav-slice';

// Simple 24×24 stroke outlines drawn for this app; paths only, colour from currentColor.
const PATHS: Record<PageId, string> = {
  datasets: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zm0 0v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  models: 'M12 3l8 4.5v9L12 21l-8-4.5v-9L12 3zm0 0v18M4 7.5l8 4.5 8-4.5',
  train: 'M3 20h18M5 16l4-5 4 3 6-8M15 6h4v4',
  jobs: 'M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01',
  playground: 'M4 5h16v11H9l-5 4V5zm4 5h8',
  export: 'M12 3v12m0 0l-4-4m4 4l4-4M4 17v3h16v-3',
  registry: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z',
  system: 'M7 4h10v16H7zM4 8h3M4 12h3M4 16h3M17 8h3M17 12h3M17 16h3M10 8h4v8h-4z',
};

export function PageIcon({ page, size = 20 }: { page: PageId; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.7} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={PATHS[page]} />
    </svg>
  );
}
