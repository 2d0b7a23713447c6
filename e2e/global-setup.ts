import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error: plain ESM helpers shared with the start script
import { freePort, ROOT, run, startCollector } from '../scripts/lib/processes.mjs';
// @ts-expect-error: plain ESM helpers shared with the start script
import { serveStatic } from '../scripts/serve-static.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    collectorUrl: string;
    siteUrl: string;
  }
}

/**
 * Brings up the real product for the end-to-end tests: the collector on local workerd (its own
 * throw-away state directory, so a running `pnpm start` is untouched) and the example site, whose
 * script tag is pointed at this collector. Both stop when the run ends.
 */
export default async function setup(project: TestProject) {
  run('pnpm', ['--filter', '@leadbeacon/collector', 'embed-sdk']);
  const state = mkdtempSync(join(tmpdir(), 'leadbeacon-e2e-'));
  // Free ports, so that a running `npm start` or a second checkout's tests never collide.
  const sitePort: number = await freePort();
  const siteUrl = `http://127.0.0.1:${sitePort}`;
  const collector = await startCollector({
    port: await freePort(),
    persistTo: state,
    // As `npm start` runs it: headless browsers are tracked (LB_ALLOW_AUTOMATION), so the tests
    // drive a plain headless Chromium, beacons sent while a page unloads included.
    vars: { LB_SITES: JSON.stringify({ acme: { origins: [siteUrl] } }), LB_ALLOW_AUTOMATION: 'true' },
  });
  const site: Server = await serveStatic({
    dir: join(ROOT, 'examples/site'),
    port: sitePort,
    collector: collector.url,
  });
  project.provide('collectorUrl', collector.url);
  project.provide('siteUrl', siteUrl);
  return async () => {
    site.close();
    await collector.stop();
    rmSync(state, { recursive: true, force: true });
  };
}
