/** Characters of a cell shown in the preview table before it is cut (the rest is on hover/expand). */
export const CELL_LIMIT = 160;

/**
 * A value as one compact line of text: strings as they are, everything else as compact JSON
 * (`{"role":"user",...}`), so a chat column reads like the file it came from.
 */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/** The text cut at `limit` characters (never inside a surrogate pair), and whether it was cut. */
export function truncate(text: string, limit = CELL_LIMIT): { text: string; cut: boolean } {
  if (text.length <= limit) return { text, cut: false };
  let end = limit;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return { text: `${text.slice(0, end)}…`, cut: true };
}

/** Whether a value is structured (shown in monospace as JSON) rather than plain text. */
export function isStructured(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}
