/** A row or token count, exact with thousands separators: "12,345". */
export function formatCount(n: number): string {
  return n.toLocaleString('en');
}

/** Millions and billions as "1.2 M" / "0.50 B"; below a million, `small` decides. */
function formatLarge(n: number, small: (n: number) => string): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  return small(n);
}

/** A model's parameter count, as model cards write it: "494.0 M", "1.54 B", "120 K". */
export function formatParams(n: number): string {
  return formatLarge(n, (k) => `${(k / 1e3).toFixed(0)} K`);
}

/** A count that may be small or huge (trainable LoRA parameters): "1.2 M", but "12,345" below a million. */
export function formatCompactCount(n: number): string {
  return formatLarge(n, formatCount);
}
