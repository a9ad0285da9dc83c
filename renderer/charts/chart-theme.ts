import { useMemo, useSyncExternalStore } from 'react';

export interface ChartTheme {
  text: string;
  grid: string;
  cpu: string;
  ram: string;
  gpu: string;
  vram: string;
}

const DARK = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const mq = window.matchMedia(DARK);
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

const isDark = () => window.matchMedia(DARK).matches;

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/**
 * Canvas drawing cannot use CSS variables, so the chart colours are read from theme.css and read
 * again when the OS switches between light and dark.
 */
export function useChartTheme(): ChartTheme {
  const dark = useSyncExternalStore(subscribe, isDark);
  return useMemo<ChartTheme>(() => {
    void dark;
    return {
      text: cssVar('--chart-text', '#666666'),
      grid: cssVar('--chart-grid', '#dddddd'),
      cpu: cssVar('--chart-cpu', '#4f46e5'),
      ram: cssVar('--chart-ram', '#0d9488'),
      gpu: cssVar('--chart-gpu', '#c026d3'),
      vram: cssVar('--chart-vram', '#d97706'),
    };
  }, [dark]);
}

/** "#rrggbb" with an alpha byte, for the translucent area under a line; other forms pass through. */
export function withAlpha(color: string, alpha: number): string {
  if (!/^#[0-9a-f]{6}$/i.test(color)) return color;
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255);
  return `${color}${a.toString(16).padStart(2, '0')}`;
}

/** The scale options a theme touches; chart.js's own scale types all have these. */
interface ThemedScale {
  grid?: unknown;
  ticks?: object;
  title?: unknown;
}

/**
 * Grid, tick and axis-title colours from the theme, on every scale a chart has; called again when
 * the OS switches between light and dark (canvas drawing cannot follow CSS).
 */
export function applyAxisTheme(scales: Record<string, ThemedScale | undefined> | undefined, theme: ChartTheme): void {
  for (const axis of Object.values(scales ?? {})) {
    if (!axis) continue;
    axis.grid = { color: theme.grid };
    axis.ticks = { ...axis.ticks, color: theme.text };
    if (axis.title && typeof axis.title === 'object') axis.title = { ...axis.title, color: theme.text };
  }
}
