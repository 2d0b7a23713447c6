// What each part of dist/lb.js costs: the script is built again with one part cut out of the source
// (text edits, below) and the gzip -9 difference is printed. Parts share helpers, so the numbers are
// approximate and do not add up to the total. An edit that no longer matches the source fails loudly:
// update it together with the code. Run: node scripts/size-parts.mjs (after pnpm install).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';

const root = new URL('..', import.meta.url).pathname;

/** Part name → edits `[file suffix, text or RegExp, replacement]`; `base` edits apply to both builds. */
const PARTS = {
  'link clicks (downloads, outbound, mailto, tel)': { edits: [['src/init.ts', 'initLinks(c),', '']] },
  '  of which download detection': {
    edits: [['trackers/downloads.ts', /FILE\.exec\(a\.href\) \|\|[^;]*;/, 'null;']],
  },
  '  of which the extension list': { edits: [['trackers/downloads.ts', /\(pdf\|[^)]*\)/, '(pdf)']] },
  'topics (meta, JSON-LD)': { edits: [['trackers/pageview.ts', 'tp: topics()', 'tp: []']] },
  'page view (title, referrer, prerender, bfcache)': {
    base: [['trackers/pageview.ts', 'tp: topics()', 'tp: []']],
    edits: [['src/init.ts', 'initPageview(c),', 'void (c._page = () => {}),']],
  },
  'engaged time (and the en event)': {
    // Keeps the flush on hide, which the engagement tracker also owns.
    edits: [
      [
        'trackers/engagement.ts',
        /const idle[\s\S]*\n {2}tick\(\);\n/,
        "ctx._leave = () => {}; const hide = () => ctx._f(1); on(d, 'visibilitychange', () => d.hidden && hide()); on(w, 'pagehide', hide); now;\n",
      ],
    ],
  },
  'scroll depth': { edits: [['src/init.ts', 'initScroll(c),', 'void (c._sd = () => 0),']] },
  'forms (and their identify)': { edits: [['src/init.ts', 'initForms(c),', '']] },
  'data-lb-event clicks': { edits: [['src/init.ts', 'initClicks(c),', '']] },
  'SPA (history, popstate)': { edits: [['src/init.ts', 'initSpa(c),', '']] },
  'visitor and session ids': {
    edits: [['identity.ts', /const t = now\(\);[\s\S]*return \{ s, v: ctx\._v, x,/, 'return { s,']],
  },
  'consent, GPC and DNT (anonymous mode)': { edits: [['identity.ts', /ctx\._a =[^;]*;/, 'ctx._a = 0;']] },
  'e-mail link token': { edits: [['core.ts', '_tok: takeToken()', '_tok: undefined']] },
  'persisted queue (load, save)': {
    edits: [
      ['core.ts', 'ctx._q ||= load();', 'ctx._q ||= [];'],
      ['identity.ts', 'set(QUEUE, ctx._q[0] && JSON.stringify(ctx._q))', '0'],
    ],
  },
  'retry backoff and online': {
    edits: [
      ['transport.ts', /\} else\s*wait = setTimeout\([\s\S]*?18e5\),\s*\);/, '}'],
      ['transport.ts', /on\(w, 'online'[\s\S]*?\}\);/, ''],
    ],
  },
  'batch limits (50 events, 10,000 characters)': { edits: [['transport.ts', /while \(e\[1\][^;]*;/, '']] },
  'props sanitising': { edits: [['lib/props.ts', /const out[\s\S]*return out;/, 'return input as Props;']] },
  'vitals receiver': { edits: [['src/init.ts', 'vitals: safe((m) => sendVitals(ctx, m)),', '']] },
  'bad-site check and warning': {
    edits: [
      ['src/init.ts', "if (!SITE.test(options?.site)) console.warn('leadbeacon: bad site');\n  else", ''],
    ],
  },
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
      esbuild({ target: 'es2021', tsconfig: `${root}tsconfig.json`, define: { __ESM__: 'false' } }),
    ],
  });
  // The same minifier settings as rollup.config.mjs.
  const { output } = await bundle.generate({
    format: 'iife',
    strict: false,
    plugins: [
      terser({
        ecma: 2020,
        module: false,
        compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
        mangle: { properties: { regex: /^_/ } },
        format: { comments: false },
      }),
    ],
  });
  return gzipSync(output[0].code, { level: 9 }).length;
};

const total = await build();
console.log(`${'dist/lb.js'.padEnd(50)} ${String(total).padStart(5)} B gzip`);
for (const [name, { base = [], edits }] of Object.entries(PARTS)) {
  const without = (await build(base)) - (await build([...base, ...edits]));
  console.log(`${name.padEnd(50)} ${String(without).padStart(5)}`);
}
