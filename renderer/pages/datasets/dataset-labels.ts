import type { DatasetVersion } from '../../../electron/contract/datasets.js';
import { KIND_LABELS, sameMapping } from './mapping';

/**
 * The schema a version is used as: the saved mapping ('detected' while it is still the one
 * detection chose at import), else detection's unsaved guess.
 */
export function versionKind(v: DatasetVersion): { label: string; source: 'mapped' | 'detected' | 'none' } {
  if (v.mapping) return { label: KIND_LABELS[v.mapping.kind], source: sameMapping(v.mapping, v.detection.mapping) ? 'detected' : 'mapped' };
  if (v.detection.mapping) return { label: KIND_LABELS[v.detection.mapping.kind], source: 'detected' };
  return { label: 'Unknown', source: 'none' };
}

/** "v2 · prepared" style name for a version within its dataset (oldest is v1). */
export function versionNumber(versions: readonly DatasetVersion[], id: string): number {
  const sorted = [...versions].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  return sorted.findIndex((v) => v.id === id) + 1;
}

export function formatPercent(fraction: number, digits = 0): string {
  return `${(fraction * 100).toFixed(digits)} %`;
}
