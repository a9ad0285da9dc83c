const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** Decimal units (1 GB = 10^9 B), as disk and memory vendors and most OS panels show them. */
export function formatBytes(bytes: number, digits = 1): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(digits)} ${UNITS[unit]}`;
}

export function bytesToGb(bytes: number): number {
  return bytes / 1e9;
}

/** nvidia-smi reports MiB; shown as GB like the rest of the app. */
export function formatMb(mb: number | null): string {
  return mb === null ? '—' : formatBytes(mb * 1024 * 1024);
}
