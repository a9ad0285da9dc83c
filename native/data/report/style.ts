/** The report's only styling: inline, light, system fonts, and print-friendly. */
export const REPORT_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #2f6feb; --warn: #9a6700; --warn-bg: #fff8c5; --bad: #cf222e; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"; }
main { max-width: 960px; margin: 0 auto; padding: 32px 24px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 18px 0 8px; }
.sub { color: var(--muted); margin: 0 0 20px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
ul { margin: 4px 0; padding-left: 20px; }
.chips code { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; margin-right: 4px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(112px, 1fr)); gap: 10px; margin: 8px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: var(--soft); }
.card .n { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .k { color: var(--muted); font-size: 12px; }
.card.bad .n { color: var(--bad); }
.note { border: 1px solid #d4a72c; background: var(--warn-bg); border-radius: 8px; padding: 12px 14px; margin: 16px 0; }
ul.warnings { list-style: none; padding: 0; }
ul.warnings li { border-left: 3px solid #d4a72c; background: var(--warn-bg); padding: 6px 10px; margin: 6px 0; border-radius: 0 6px 6px 0; }
.ok { color: #1a7f37; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { background: var(--soft); font-weight: 600; font-size: 12.5px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
figure { margin: 0; }
.caption { color: var(--muted); margin: 4px 0 0; }
svg.chart { display: block; max-width: 100%; height: auto; font-size: 11px; }
svg .grid { stroke: #eaeef2; }
svg .axis { stroke: #8c959f; }
svg .tick, svg .label { fill: var(--muted); }
svg .bar { fill: var(--accent); }
svg .bar.over { fill: var(--bad); }
svg .marker { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 5 3; }
svg .marker-label { fill: var(--bad); font-weight: 600; }
svg .cat { fill: var(--fg); font-size: 12px; }
svg .value { fill: var(--muted); font-size: 12px; }
.lint { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; break-inside: avoid; }
.lint header { display: flex; justify-content: space-between; gap: 12px; padding: 6px 10px; background: var(--soft); border-bottom: 1px solid var(--line); border-radius: 8px 8px 0 0; color: var(--muted); font-size: 12.5px; }
pre { margin: 0; padding: 10px; white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext; }
mark.tok { background: #ddf4ff; color: #0550ae; border: 1px solid #80ccff; border-radius: 3px; padding: 0 2px; font-weight: 600; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  section, .card, tr, svg { break-inside: avoid; }
  .card, th, ul.warnings li, .note, mark.tok { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
