// What each part of dist/lb.js costs: the script is built again with one part cut out of the source
// (text edits, below) and the gzip -9 difference is printed. Parts share helpers, so the numbers are
// approximate and do not add up to the total. An edit that no longer matches the source fails loudly:
// update it together with the code. Run: node scripts/size-parts.mjs (after pnpm install).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { lets, minify, ts } from '../rollup.config.mjs';

const root = new URL('..', import.meta.url).pathname;

/** Everything in the tracker from `from` up to (not including) `to`: one section of its start. */
const between = (from, to) => new RegExp(`${from}[\\s\\S]*?(?=${to})`);
const T = 'src/tracker.ts';

/** Part name → edits `[file suffix, text or RegExp, replacement]`; `base` edits apply to both builds. */
const PARTS = {
  'link clicks (lk)': { edits: [[T, between(' {6}// Link clicks', ' {6}// Valid form submissions'), '']] },
  'forms (fm, with the address and marked fields)': {
    edits: [[T, between(' {6}// Valid form submissions', ' {6}// Clicks on'), '']],
  },
  'marked profile fields of a form (tr)': {
    edits: [
      [T, /const k = el\.dataset\.lbTrait[^;]*;/, ''],
      [T, /if \(k && v[^;]*;/, ''],
      [T, 'tr: em && tr,', ''],
    ],
  },
  'data-lb-event clicks': { edits: [[T, between(' {6}// Clicks on', ' {4}\\}\\)\\(\\);'), '']] },
  'SPA (history, popstate)': { edits: [[T, between(' {6}// Single-page apps', ' {6}// Link clicks'), '']] },
  'topics (meta, JSON-LD)': { edits: [[T, 'tp: topics()', 'tp: []']] },
  'page view: referrer, title, bfcache restore': {
    base: [[T, 'tp: topics()', 'tp: []']],
    edits: [
      [T, '{ r: clean(referrer), ti: clip(d.title, 300), tp: [] }', '{}'],
      [T, /on\(w, 'pageshow'[^;]*;/, ''],
    ],
  },
  'engaged time (and the en event)': {
    // Keeps the flush on hide.
    edits: [
      [T, /const tick = \(\) => \{[\s\S]*?\n {2}\};/, 'const tick = () => {};'],
      [T, /const engaged = \(\) => \{[\s\S]*?\n {2}\};/, 'const engaged = () => {};'],
      [T, /on\(w, 'pointerdown[^;]*;\s*tick\(\);/, ''],
    ],
  },
  'scroll depth and scrolling as input (IntersectionObserver)': {
    edits: [
      [T, 'const sd = scrolled(seen);', 'const sd = 0;'],
      [T, between(' {6}y = -w\\.scrollY;', ' {6}on\\(w, .pointerdown'), ''],
    ],
  },
  'personal data out of URLs (u, r)': {
    edits: [['src/lib/url.ts', /for \(const \[k, v\][\s\S]*?delete\(k\);/, '']],
  },
  'verified identify (h, data-lb-user)': {
    edits: [
      [T, 'h: opts?.hash ', ''],
      ['src/auto.ts', /t\.identify\(s\.dataset\.lbUser[^;]*;/, ''],
    ],
  },
  'visitor id': { edits: [[T, /\} else \{\s*visitor \|\|=[^}]*\}/, '}']] },
  'consent, GPC and DNT (anonymous mode)': { edits: [[T, /anon =\s*!choice[^;]*;/, 'anon = 0;']] },
  'e-mail link token': {
    edits: [[T, between(' {6}// The signed e-mail link token', ' {6}decide\\(\\);'), '']],
  },
  'persisted queue (load, save)': {
    edits: [
      [T, 'queue = load();', 'queue = [];'],
      [T, /const save = \(\) => [^;]*;/, 'const save = () => 0;'],
    ],
  },
  'retry backoff and online': {
    edits: [
      [T, /\} else\s*retry = setTimeout\([\s\S]*?MAX_MS\),\s*\);/, '}'],
      [T, /on\(w, 'online'[\s\S]*?\}\);/, ''],
    ],
  },
  'batch limits (50 events, 10,000 characters)': { edits: [[T, /while \(e\[1\][^;]*;/, '']] },
  'oversized events (values cut to 256, events over 10,000 characters not queued)': {
    edits: [
      [T, /JSON\.stringify\(event, function[\s\S]*?\n {4}\}\);/, 'JSON.stringify(event);'],
      [T, /if \(json\[MAX_CHARS\]\)[^;]*;\s*else \{/, '{'],
      // The stored queue as the script read it before: any list, copied.
      [
        'src/lib/queue.ts',
        '(JSON.parse(get(QUEUE) as string) as WireEvent[]).filter((e) => !JSON.stringify(e)[MAX_CHARS])',
        '[...(JSON.parse(get(QUEUE) as string) as WireEvent[])]',
      ],
    ],
  },
  'JSON copy of each event (never throws)': {
    edits: [[T, 'JSON.parse(json)', 'event']],
  },
  'vitals receiver': { edits: [[T, /vitals: safe\([^\n]*\n/, '']] },
};

const build = async (edits = []) => {
  const bundle = await rollup({
    input: `${root}src/auto.ts`,
    plugins: [
      {
        name: 'cut',
        load(id) {
          const mine = edits.filter(([f]) => id.endsWith(f));
          if (!mine.length) return null;
          let s = readFileSync(id, 'utf8');
          for (const [f, find, by] of mine) {
            if (!(find instanceof RegExp ? find.test(s) : s.includes(find)))
              throw new Error(`size-parts: ${f} no longer contains ${find}`);
            s = s.replace(find, by);
          }
          return s;
        },
      },
      ts(false),
    ],
  });
  // The same minifier and post-processing as rollup.config.mjs.
  const { output } = await bundle.generate({
    format: 'iife',
    strict: false,
    plugins: [lets(), minify(false)],
  });
  return gzipSync(output[0].code, { level: 9 }).length;
};

const total = await build();
console.log(`${'dist/lb.js'.padEnd(50)} ${String(total).padStart(5)} B gzip`);
for (const [name, { base = [], edits }] of Object.entries(PARTS)) {
  const without = (await build(base)) - (await build([...base, ...edits]));
  console.log(`${name.padEnd(50)} ${String(without).padStart(5)}`);
}
