/**
 * Text helpers for the standalone data report: escaping (every user-derived string passes through
 * `escapeHtml` before it meets markup) and the few number/date formats the report uses.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attributes alike (HTML and inline SVG). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * Special tokens as chat templates write them: `<|im_start|>`, `<|eot_id|>` (ChatML, Llama 3, Phi),
 * DeepSeek's full-width `<｜…｜>`, SentencePiece `<s>`/`</s>`, Gemma's `<start_of_turn>`, Llama 2's
 * `<<SYS>>` and Mistral's `[INST]`/`[/INST]`. Plain HTML-looking tags in row text (`<b>`, `<script>`)
 * are deliberately not matched, so they read as the data they are.
 */
const SPECIAL_TOKEN =
  /<\|[^<>|\s]{1,64}\|>|<｜[^<>｜]{1,64}｜>|<\/?(?:s|bos|eos|pad|unk|mask|start_of_turn|end_of_turn|start_of_image|end_of_image)>|<<\/?SYS>>|\[\/?[A-Z][A-Z_]{1,31}\]/g;

/** Escapes `raw` and wraps each special token in `<mark class="tok">`, so the token shows as itself. */
export function highlightSpecialTokens(raw: string): string {
  let out = '';
  let last = 0;
  for (const m of raw.matchAll(SPECIAL_TOKEN)) {
    out += escapeHtml(raw.slice(last, m.index)) + `<mark class="tok">${escapeHtml(m[0])}</mark>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(raw.slice(last));
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en');
}

export function formatPercent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '—';
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${bytes} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** UTC, so the saved file reads the same wherever it is opened. */
export function formatDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Compact axis labels: 1200 → 1.2k. */
export function formatTick(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  if (n >= 1000) return `${+(n / 1000).toFixed(1)}k`;
  return String(Math.round(n));
}
