// What the SDK costs a reader: a long article is read in real Chromium with scripted wheel scrolling
// (input from outside the page, so the page runs no script of its own), once without and once with
// dist/lb.js, alternating, in the same run. Prints the main-thread script time (CDP ScriptDuration),
// the SDK's added time and ratio, and the long tasks (> 50 ms) seen by a PerformanceObserver.
//
//   pnpm --filter @leadbeacon/sdk bench            (ROUNDS=7 STEPS=150 to change the work)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../test/server.ts';

const ROUNDS = Number(process.env.ROUNDS || 5);
const STEPS = Number(process.env.STEPS || 120);
const root = join(import.meta.dirname, '..');
if (!existsSync(join(root, 'dist/lb.js')))
  execFileSync(process.execPath, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent'], {
    cwd: root,
  });

const paragraph = (i) =>
  `<h2>Section ${i}</h2><p>${'Lead scoring ranks accounts by interest, intent and fit. '.repeat(12)}</p>` +
  `<a href="/files/guide-${i}.pdf">Guide ${i} (PDF)</a> <button data-lb-event="cta_${i}">Talk to sales</button>`;
const article = (withSdk) =>
  '<!doctype html><html><head><meta charset="utf-8"><title>Long read</title><meta name="lb:topic" content="guides">' +
  (withSdk ? '<script async src="/lb.js" data-site="acme" data-allow-automation></script>' : '') +
  `</head><body style="max-width:46rem;margin:auto;font:18px/1.6 serif">${Array.from({ length: 150 }, (_, i) => paragraph(i)).join('')}</body></html>`;

const server = await startServer();
server.page('/plain', article(false));
server.page('/sdk', article(true));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

const measure = async (path) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__longTasks = 0;
    new PerformanceObserver((l) => {
      window.__longTasks += l.getEntries().length;
    }).observe({ type: 'longtask', buffered: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(server.url + path, { waitUntil: 'load' });
  await page.waitForTimeout(1200);
  const metric = async () =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metric();
  await page.mouse.move(640, 400);
  for (let i = 0; i < STEPS; i++) {
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(8);
  }
  // Leaving the page: the SDK's engagement flush runs too.
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  const after = await metric();
  const longTasks = await page.evaluate(() => window.__longTasks);
  const depth = await page.evaluate(() =>
    Math.round(((scrollY + innerHeight) / document.documentElement.scrollHeight) * 100),
  );
  await context.close();
  return {
    script: (after.ScriptDuration - before.ScriptDuration) * 1000,
    task: (after.TaskDuration - before.TaskDuration) * 1000,
    longTasks,
    depth,
  };
};

const runs = { plain: [], sdk: [] };
for (let r = 0; r < ROUNDS; r++) {
  // Alternate the order so warm-up and thermal drift hit both sides alike.
  for (const v of r % 2 ? ['sdk', 'plain'] : ['plain', 'sdk']) runs[v].push(await measure(`/${v}`));
}
await browser.close();
await server.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (name, k) => {
  const p = median(runs.plain.map((x) => x[k]));
  const s = median(runs.sdk.map((x) => x[k]));
  // Without the SDK the page runs no script while scrolling, so a ratio to zero means nothing.
  const ratio = p < 0.5 ? '    n/a' : `${(s / p).toFixed(2).padStart(7)}x`;
  console.log(
    `${name.padEnd(26)} ${p.toFixed(2).padStart(9)} ${s.toFixed(2).padStart(9)} ${(s - p).toFixed(2).padStart(9)} ${ratio}`,
  );
  return s - p;
};
console.log(
  `scroll-cost: ${ROUNDS} rounds × ${STEPS} wheel steps over a ${150}-section article (median per page)`,
);
console.log(
  `${'metric'.padEnd(26)} ${'no SDK'.padStart(9)} ${'SDK'.padStart(9)} ${'added'.padStart(9)} ${'ratio'.padStart(8)}`,
);
const added = row('script time (ms)', 'script');
row('main-thread tasks (ms)', 'task');
const total = median(runs.sdk.map((x) => x.task));
console.log(
  `SDK script per wheel step   ${((added / STEPS) * 1000).toFixed(0)} µs; ${((added / total) * 100).toFixed(1)} % of main-thread time`,
);
console.log(
  `long tasks (> 50 ms)       ${runs.plain.reduce((a, x) => a + x.longTasks, 0)} without, ${runs.sdk.reduce((a, x) => a + x.longTasks, 0)} with the SDK (all rounds)`,
);
console.log(
  `scroll depth reached       ${median(runs.sdk.map((x) => x.depth))} %; beacons received: ${server.received.length}`,
);
