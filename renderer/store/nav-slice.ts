import type { SliceCreator } from './slice';

/** The pages, in navigation order; Ctrl/Cmd+1..8 follow this order. */
export const PAGES = [
  { id: 'datasets', label: 'Datasets' },
  { id: 'models', label: 'Models' },
  { id: 'train', label: 'Train' },
  { id: 'jobs', label: 'Jobs' },
  { id: 'playground', label: 'Playground' },
  { id: 'export', label: 'Export' },
  { id: 'registry', label: 'Registry' },
  { id: 'system', label: 'System' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

export function isPageId(value: string): value is PageId {
  return PAGES.some((p) => p.id === value);
}

export function pageLabel(id: PageId): string {
  return PAGES.find((p) => p.id === id)?.label ?? id;
}

export interface NavSlice {
  page: PageId;
  setPage(page: PageId): void;
}

export const createNavSlice: SliceCreator<NavSlice> = (set) => ({
  page: 'datasets',
  setPage: (page) => set({ page }),
});
