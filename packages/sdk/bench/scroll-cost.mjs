// What a tracker costs a reader while scrolling: a long article is read in real Chromium with
// scripted wheel steps (input from outside the page, so the page runs no script of its own), with no
// tracker, with dist/lb.js and with Plausible's tracker (@plausible-analytics/tracker, every feature
// that has a counterpart here: page views, engagement with scroll depth, outbound links, downloads,
// forms), in interleaved rounds of the same run. Each page is measured from after load to after the
// hide flush: main-thread script time (CDP ScriptDuration) and task time (TaskDuration).
// A tracker's share is the script time it adds over the no-tracker page, as a part of the page's
// main-thread task time. Prints the median and the spread (min–max) of every figure.
//
//   pnpm --filter @leadbeacon/sdk bench            (ROUNDS=9 STEPS=150 to change the work)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../test/browser/chromium.ts';
import { startServer } from '../test/server.ts';

const ROUNDS = Number(process.env.ROUNDS || 7);
const STEPS = Number(process.env.STEPS || 120);
const SECTIONS = 150;
const root = join(import.meta.dirname, '..');
if (!existsSync(join(root, 'dist/lb.js')))
  execFileSync(process.execPath, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent'], {
    cwd: root,
  });
// The package exports only its module entry, which is the file itself.
const plausible = createRequire(import.meta.url).resolve('@plausible-analytics/tracker');

/** The trackers, as a site would add them to the page's head. */
const TRACKERS = {
  none: '',
  leadbeacon: '<script async src="/lb.js" data-site="acme" data-allow-automation></script>',
  // Plausible skips automated browsers unless window.__plausible is set, and localhost unless told.
  plausible:
    '<script>window.__plausible=true</script><script type="module">import{init}from"/plausible.js";' +
    'init({domain:"acme.test",endpoint:"/api/event",captureOnLocalhost:true,outboundLinks:true,' +
    'fileDownloads:true,formSubmissions:true,logging:false})</script>',
};

const paragraph = (i) =>
  `<h2>Section ${i}</h2><p>${'Lead scoring ranks accounts by interest, intent and fit. '.repeat(12)}</p>` +
  `<a href="/files/guide-${i}.pdf">Guide ${i} (PDF)</a> <button data-lb-event="cta_${i}">Talk to sales</button>`;
const article = (head) =>
  '<!doctype html><html><head><meta charset="utf-8"><title>Long read</title><meta name="lb:topic" content="guides">' +
  `${head}</head><body style="max-width:46rem;margin:auto;font:18px/1.6 serif">` +
  `${Array.from({ length: SECTIONS }, (_, i) => paragraph(i)).join('')}</body></html>`;

const server = await startServer({ files: { '/plausible.js': plausible }, sinks: ['/api/event'] });
for (const [name, head] of Object.entries(TRACKERS)) server.page(`/${name}`, article(head));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});

const measure = async (name) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${server.url}/${name}`, { waitUntil: 'load' });
  await page.waitForTimeout(1200);
  const metric = async () =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metric();
  await page.mouse.move(640, 400);
  for (let i = 0; i < STEPS; i++) {
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(8);
  }
  const scrolled = await metric();
  // Leaving the page: each tracker's engagement flush runs too.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const after = await metric();
  await context.close();
  return {
    script: (after.ScriptDuration - before.ScriptDuration) * 1000,
    scrolling: (scrolled.ScriptDuration - before.ScriptDuration) * 1000,
    task: (after.TaskDuration - before.TaskDuration) * 1000,
  };
};

const names = Object.keys(TRACKERS);
const runs = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < ROUNDS; r++) {
  // Rotate the order so warm-up and drift hit every variant alike.
  for (let k = 0; k < names.length; k++) {
    const name = names[(r + k) % names.length];
    runs[name].push(await measure(name));
  }
}
await browser.close();
await server.close();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const spread = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
const f = (x, d = 2) => x.toFixed(d);

console.log(
  `scroll-cost: ${ROUNDS} interleaved rounds × ${STEPS} wheel steps over a ${SECTIONS}-section article, Chromium ${browser.version()}`,
);
console.log(
  `${'page'.padEnd(12)} ${'script ms (median, min–max)'.padEnd(30)} ${'tasks ms (median, min–max)'.padEnd(30)}`,
);
const none = median(runs.none.map((x) => x.script));
const share = {};
for (const n of names) {
  const script = runs[n].map((x) => x.script);
  const task = runs[n].map((x) => x.task);
  console.log(
    `${n.padEnd(12)} ${`${f(median(script))} (${spread(script)})`.padEnd(30)} ${`${f(median(task), 1)} (${spread(task)})`.padEnd(30)}`,
  );
  if (n !== 'none') {
    const added = median(script) - none;
    // Per round: the tracker's added script time over its page's task time, against the same round's baseline.
    const shares = runs[n].map((x, i) => ((x.script - (runs.none[i]?.script ?? 0)) / x.task) * 100);
    share[n] = median(shares);
    console.log(
      `${''.padEnd(12)} added script ${f(added)} ms (${f(median(runs[n].map((x) => x.scrolling)))} ms of it while scrolling), ${f((added / STEPS) * 1000, 1)} µs a wheel step; ` +
        `share of main-thread time ${f(share[n])} % (min–max ${spread(shares)} %)`,
    );
  }
}
console.log(
  `ratio leadbeacon / plausible (share): ${share.plausible > 0 ? f(share.leadbeacon / share.plausible) : 'n/a'}×; ` +
    `beacons received by /e: ${server.received.length}`,
);
