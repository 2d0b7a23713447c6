/**
 * The dashboard's one stylesheet, served from `/dashboard/app.css`. It lives in a module (not a
 * .css file) so workerd, the Node benchmark and the tests all import it the same way, and so the
 * strict CSP (`style-src 'self'`, no inline styles) holds: every look is a class here.
 *
 * Colours are chosen for WCAG AA contrast (4.5:1 or better for text); bands and stages always
 * carry their name as text, so no meaning depends on colour alone.
 */
export const DASHBOARD_CSS = `
:root {
  --fg: #1b1f24; --muted: #4b5563; --bg: #ffffff; --panel: #f6f7f9; --line: #d0d5dd;
  --link: #0b4fb3; --focus: #0b4fb3; --accent: #1d4ed8; --danger: #a61b1b; --ok: #17663a;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 16px; line-height: 1.5; color: var(--fg); background: var(--bg);
}
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--link); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
h1 { font-size: 1.6rem; margin: 0 0 .75rem; line-height: 1.25; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
p { margin: .5rem 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }

.skip { position: absolute; left: .5rem; top: -4rem; background: var(--fg); color: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { top: .5rem; }

.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .6rem 1rem;
  background: #111827; color: #fff; }
.top .brand { font-weight: 700; color: #fff; text-decoration: none; }
.top nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
.top nav a { color: #e5e7eb; text-decoration: none; padding: .25rem 0; }
.top nav a[aria-current="page"] { color: #fff; font-weight: 600; border-bottom: 2px solid #fff; }
.top nav a:focus-visible, .top .brand:focus-visible, .top button:focus-visible { outline-color: #93c5fd; }
.top .who { margin-left: auto; display: flex; align-items: center; gap: .75rem; color: #d1d5db; font-size: .9rem; }
.top .who button { background: transparent; color: #fff; border: 1px solid #9ca3af; }

main { padding: 1rem; max-width: 80rem; margin: 0 auto; }
.narrow { max-width: 26rem; margin: 3rem auto; }

.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 1rem; margin: 1rem 0; }
.panel > h2:first-child { margin-top: 0; }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
.row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
form.row { align-items: flex-end; }
form.row .field { margin: 0; }
.muted { color: var(--muted); }
.nowrap { white-space: nowrap; }
/* The comparison's row labels are sentences: on a phone the table scrolls rather than squeeze them. */
.compare tbody th { min-width: 13rem; }
.small { font-size: .875rem; }
/* Lists inside table cells and the account's topics: no bullets, no indent. */
ul.plain { list-style: none; padding: 0; margin: 0; }
ul.topics li { margin: .2rem 0; }

.notice { border-left: 4px solid var(--ok); background: #ecfdf3; padding: .5rem .75rem; margin: 1rem 0; }
.error { border-left: 4px solid var(--danger); background: #fef2f2; padding: .5rem .75rem; margin: 1rem 0; }
.error ul { margin: .25rem 0; padding-left: 1.25rem; }
.warning { border-left: 4px solid #b45309; background: #fffbeb; padding: .5rem .75rem; margin: 1rem 0; }
.small-heading { font-size: 1rem; margin: .25rem 0; }
.field-error { color: var(--danger); font-weight: 600; margin: .1rem 0 .3rem; }
[aria-invalid="true"] { border-color: var(--danger) !important; border-width: 2px !important; }
form.stack > * + * { margin-top: 1rem; }
textarea.short { min-height: 5rem; }
.choice.block { display: flex; margin: .35rem 0; align-items: flex-start; }
.choice.block input { margin-top: .3rem; }
ul.plain { list-style: none; padding: 0; margin: .5rem 0 1rem; }
ul.plain a[aria-current="page"] { font-weight: 700; color: var(--fg); }
pre.code { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .75rem; overflow-x: auto;
  white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85rem; }
.wrap-anywhere { overflow-wrap: anywhere; }
.lead-top { margin-bottom: .5rem; }
.lead-top .panel { margin: .5rem 0; }
ol.reasons { list-style: none; padding: 0; margin: 0 0 .5rem; }
ol.reasons li { display: flex; gap: .6rem; align-items: baseline; padding: .2rem 0; }
.pts { font-variant-numeric: tabular-nums; font-weight: 700; min-width: 3rem; text-align: right; }
.pts.pos { color: var(--ok); }
.pts.neg { color: var(--danger); }
.owner p { margin: .25rem 0 .5rem; }
.owner .actions { margin-bottom: 1rem; }
ol.notes { list-style: none; padding: 0; margin: 0 0 1rem; }
ol.notes li { border-left: 3px solid var(--line); padding: .25rem .75rem; margin: .5rem 0; }
.note-meta { margin: 0; color: var(--muted); }
.note-body { white-space: pre-wrap; overflow-wrap: anywhere; margin: .25rem 0; }
button.link { background: none; border: 0; color: var(--link); padding: 0; font-weight: 400; text-decoration: underline; font-size: .875rem; }
input[type="email"] { width: 100%; padding: .4rem .5rem; border: 1px solid #6b7280; border-radius: 4px; background: #fff; }

form.filters { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 9rem), 1fr)); align-items: end; }
label { display: block; font-weight: 600; font-size: .9rem; margin-bottom: .2rem; }
input, select, textarea, button { font: inherit; color: inherit; }
input[type="text"], input[type="search"], input[type="number"], input[type="password"], input[type="url"], input[type="email"], select, textarea {
  width: 100%; padding: .4rem .5rem; border: 1px solid #6b7280; border-radius: 4px; background: #fff; }
textarea { min-height: 16rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
button, .button { display: inline-block; padding: .45rem .9rem; border-radius: 4px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; font-weight: 600; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--danger); border-color: var(--danger); }
fieldset { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin: 0; }
legend { font-weight: 700; padding: 0 .25rem; }
.choice { display: inline-flex; gap: .35rem; align-items: center; font-weight: 400; margin-right: 1rem; }

/* The form layer's fields: label, hint, input, and the message next to it. */
.field { margin: 0 0 .75rem; min-width: 0; }
.fields { display: grid; gap: 0 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 15rem), 1fr)); align-items: start; }
.hint { font-size: .85rem; color: var(--muted); margin: 0 0 .25rem; }
.field-error { color: var(--danger); font-weight: 600; font-size: .9rem; margin: .2rem 0 0; white-space: pre-line; overflow-wrap: anywhere; }
[aria-invalid="true"] { border-color: var(--danger) !important; border-width: 2px !important; }
.field.check { display: grid; grid-template-columns: auto 1fr; gap: 0 .5rem; align-items: start; }
.field.check input { margin: .3rem 0 0; width: 1.1rem; height: 1.1rem; }
.field.check label { font-weight: 600; }
.field.check .hint, .field.check .field-error { grid-column: 2; }
input.short { max-width: 10rem; }
textarea.plain { min-height: 0; font-family: inherit; font-size: 1rem; }
textarea.code { min-height: 10rem; }
/* A fieldset grows to its widest content by default (min-content): a wide table inside would widen the page. */
fieldset { margin: 0 0 1rem; min-width: 0; }
fieldset fieldset { margin: .5rem 0; }
fieldset.pair .fields { grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr)); }
.choices .row { gap: .25rem 0; }
details { margin: .75rem 0; }
details > summary { cursor: pointer; font-weight: 600; padding: .25rem 0; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button.small, .button.small { padding: .2rem .55rem; font-size: .85rem; }
form.inline { display: inline; }
.rule-actions { display: flex; flex-wrap: wrap; gap: .35rem; }
@media (min-width: 64rem) { .rule-actions { flex-wrap: nowrap; } }
.editor-rules td:nth-child(3) { min-width: 16rem; overflow-wrap: anywhere; }
.editor-rules th[scope=row], .rules-summary th[scope=row] { min-width: 11rem; }
.rules-summary td:nth-child(2) { min-width: 16rem; overflow-wrap: anywhere; }
.changes { margin: .25rem 0 .75rem; padding-left: 1.25rem; }
.changes li { margin: .15rem 0; overflow-wrap: anywhere; }
.form-end { align-items: center; margin-top: 1rem; }
.rule-words { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
.status-paused { background: #fff; color: #7c2d12; border-color: #b45309; }
.status-active { background: #ecfdf3; color: #17663a; border-color: #17663a; }
td input, td select, td textarea { min-width: 8rem; }
ul.plain { list-style: none; margin: 0; padding: 0; }
ul.plain li { margin: 0 0 .15rem; }
.subscriptions td:nth-child(3) { min-width: 14rem; }
.delivery-delivered { background: #ecfdf3; color: #17663a; border-color: #17663a; }
.delivery-dead { background: #fef2f2; color: #a61b1b; border-color: #a61b1b; }
.delivery-retrying { background: #fff7ed; color: #7c2d12; border-color: #b45309; }
.delivery-pending { background: #fff; color: var(--fg); border-color: #6b7280; }
code.secret { display: inline-block; padding: .25rem .5rem; background: #fff; border: 1px solid var(--line); overflow-wrap: anywhere; }
pre.payload { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .75rem; overflow-x: auto; font-size: .85rem; }
a.button.danger { background: var(--danger); border-color: var(--danger); }
.actions { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.actions form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; }

/* position: the visually hidden labels of controls inside stay in the box that scrolls, not widen the page. */
.table-wrap { overflow-x: auto; position: relative; border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .5rem .75rem; }
th, td { padding: .45rem .75rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { background: var(--panel); white-space: nowrap; }
tbody tr:last-child > * { border-bottom: 0; }
tbody th { font-weight: 400; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tfoot td { font-weight: 700; border-top: 2px solid var(--line); }
.lead-name { font-weight: 600; overflow-wrap: anywhere; }

.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .8rem; font-weight: 700;
  border: 1px solid transparent; white-space: nowrap; }
.band-top { background: #a61b1b; color: #fff; }
.band-mid { background: #fde68a; color: #5c2d06; border-color: #b45309; }
.band-low { background: #dbeafe; color: #1e3a8a; border-color: #3b63c4; }
.stage { background: #fff; color: var(--fg); border-color: #6b7280; }
.stage-sql { background: #17663a; color: #fff; border-color: #17663a; }
.stage-mql { background: #e0e7ff; color: #312e81; border-color: #4f46e5; }
.tag { display: inline-block; background: #eef2f7; color: #1f2937; border-radius: 4px; padding: 0 .35rem; margin: 0 .25rem .15rem 0; font-size: .8rem; }
.era { font-size: .75rem; font-weight: 600; color: #5b21b6; }

td.num meter { vertical-align: middle; margin-right: .4rem; }
.score { display: inline-flex; align-items: center; gap: .4rem; white-space: nowrap; }
.score .value { min-width: 2.5rem; text-align: right; font-variant-numeric: tabular-nums; }
meter { width: 4.5rem; height: .7rem; }
meter::-webkit-meter-bar { background: #e5e7eb; border: 1px solid #6b7280; border-radius: 3px; height: .7rem; }
meter::-webkit-meter-optimum-value, meter::-webkit-meter-suboptimum-value, meter::-webkit-meter-even-less-good-value { background: var(--accent); }
meter::-moz-meter-bar { background: var(--accent); }
.scorecard { display: grid; gap: .5rem 1rem; grid-template-columns: max-content 1fr; align-items: center; }
.scorecard meter { width: 100%; max-width: 14rem; height: 1rem; }
.scorecard meter::-webkit-meter-bar { height: 1rem; }
.big { font-size: 2rem; font-weight: 700; line-height: 1; }

.chart { width: 100%; max-width: 44rem; height: auto; display: block; background: #fff; }
figure { margin: 0; }
.swatch { display: inline-block; vertical-align: middle; }
.grid-line { stroke: #e5e7eb; stroke-width: 1; }
.axis { stroke: #6b7280; stroke-width: 1; }
.threshold { stroke: #6b7280; stroke-width: 1; stroke-dasharray: 6 4; }
.chart text { font-size: 11px; fill: #374151; }
/* A white halo keeps a label readable where a score line crosses it. */
.threshold-label { paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
.line { fill: none; stroke-width: 2; stroke-linejoin: round; }
.s-total { stroke: #111827; stroke-width: 3; }
.s-interest { stroke: #1d4ed8; stroke-dasharray: 2 3; }
.s-intent { stroke: #b45309; stroke-dasharray: 8 3; }
.s-fit { stroke: #17663a; stroke-dasharray: 12 3 2 3; }
.dot { fill: #111827; }
/* Win rate by score: bars with interval whiskers; a wide one scrolls sideways on a phone rather than shrink its labels. */
.chart-scroll { overflow-x: auto; margin: .5rem 0 1rem; }
.chart.conversion { width: auto; height: auto; max-width: 100%; }
.cw-1 { min-width: 80px; } .cw-2 { min-width: 160px; } .cw-3 { min-width: 240px; } .cw-4 { min-width: 320px; }
.cw-5 { min-width: 400px; } .cw-6 { min-width: 480px; } .cw-7 { min-width: 560px; } .cw-8 { min-width: 640px; }
.cw-9 { min-width: 720px; } .cw-10 { min-width: 800px; } .cw-11 { min-width: 880px; } .cw-12 { min-width: 960px; }
.bar { fill: #bfdbfe; stroke: #1d4ed8; stroke-width: 1; }
.whisker { stroke: #111827; stroke-width: 1.5; }
.base-rate { stroke: #17663a; stroke-width: 1.5; stroke-dasharray: 3 3; }
.chart .base-label { fill: #17663a; }
.marker { stroke-width: 1.5; stroke-dasharray: 6 3; }
.marker.current { stroke: #374151; }
.marker.suggested { stroke: #a61b1b; }
.chart .marker-label.suggested { fill: #a61b1b; font-weight: 600; }
.chart .count { fill: #4b5563; }
.verdict-wins { background: #17663a; color: #fff; }
.verdict-losses { background: #a61b1b; color: #fff; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; margin: .25rem 0; font-size: .875rem; }

.timeline { list-style: none; padding: 0; margin: 0; }
.timeline li { padding: .4rem 0; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.timeline time { color: var(--muted); min-width: 8rem; }
.matrix td.same { background: #f3f4f6; }
.matrix td.up { background: #ecfdf3; }
.matrix td.down { background: #fef2f2; }
.pager { display: flex; gap: 1rem; margin: 1rem 0; }
.list-pager { margin: .5rem 0 1rem; }
dl.props { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dl.props dt { font-weight: 600; }
dl.props dd { margin: 0; overflow-wrap: anywhere; }
dl.props .origin { display: block; font-size: .8125rem; color: var(--muted); }
progress { width: 100%; max-width: 24rem; height: 1rem; }

@media (max-width: 40rem) {
  main { padding: .75rem; }
  .top .who { margin-left: 0; }
  th, td { padding: .4rem .5rem; }
  h1 { font-size: 1.35rem; }
  /* The chart is drawn at about two thirds of its size here: larger labels stay readable. */
  .chart text { font-size: 17px; }
  /* The conversion chart keeps its size and scrolls instead. */
  .chart.conversion text { font-size: 11px; }
}
@media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
`;
