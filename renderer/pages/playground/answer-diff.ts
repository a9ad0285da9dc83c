/** Words with the whitespace before them, so the pieces join back into the exact text. */
export function words(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/**
 * Where `text` first departs from `reference`, at word granularity: the character index in `text`
 * where the first differing word starts, or -1 when `text` equals `reference` or is a prefix of it
 * (still streaming, nothing differs yet).
 */
export function firstDifference(reference: string, text: string): number {
  const a = words(reference);
  const b = words(text);
  let at = 0;
  for (let i = 0; i < b.length; i++) {
    const w = b[i]!;
    const r = a[i];
    if (r === undefined) return at;
    // The last word of a streaming answer may be half written: a prefix of the reference's word is not a difference.
    if (w !== r && !(i === b.length - 1 && r.startsWith(w))) return at;
    at += w.length;
  }
  return -1;
}

/** The text split for display: the agreeing part, the first differing word, and the rest. */
export function splitAtDifference(reference: string, text: string): { same: string; word: string; rest: string } | null {
  const at = firstDifference(reference, text);
  if (at === -1) return null;
  const tail = text.slice(at);
  const word = words(tail)[0] ?? tail;
  return { same: text.slice(0, at), word, rest: tail.slice(word.length) };
}
