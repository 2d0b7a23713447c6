// `pnpm start` / `pnpm dev`: the collector on local workerd, the example site and the example SPA,
// then one line saying what to open. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_TOKEN_FOR_DOCS } from './lib/dev-token.mjs';
import { ROOT, run, startCollector, stopProcess, waitFor } from './lib/processes.mjs';
import { serveStatic } from './serve-static.mjs';

const COLLECTOR_PORT = 8787;
const SITE_PORT = 8080;
const SPA_PORT = 5173;

run('pnpm', ['--filter', '@leadbeacon/sdk', 'build']);
run('pnpm', ['--filter', '@leadbeacon/collector', 'embed-sdk']);

// Automation allowed: the local demo may be driven by a headless browser (never in production).
const collector = await startCollector({
  port: COLLECTOR_PORT,
  log: true,
  vars: { LB_ALLOW_AUTOMATION: 'true' },
});
const site = await serveStatic({ dir: join(ROOT, 'examples/site'), port: SITE_PORT });

let spa;
if (existsSync(join(ROOT, 'examples/spa/package.json'))) {
  spa = spawn(
    'pnpm',
    ['--filter', '@leadbeacon/example-spa', 'dev', '--port', String(SPA_PORT), '--strictPort'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    },
  );
  await waitFor(`http://127.0.0.1:${SPA_PORT}/`, spa).catch((err) => console.error(String(err)));
}

console.log(`
  leadbeacon is running.

  Open the example site:  http://127.0.0.1:${SITE_PORT}/
  Example SPA:            ${spa ? `http://127.0.0.1:${SPA_PORT}/` : '(not present)'}
  Collector:              ${collector.url}  (serves ${collector.url}/lb.js, beacons to ${collector.url}/e)
  Dashboard:              ${collector.url}/dashboard
  Leads API:              curl -H 'Authorization: Bearer ${DEV_TOKEN_FOR_DOCS}' ${collector.url}/api/leads

  Local admin token: ${DEV_TOKEN_FOR_DOCS}  (development only; a production collector refuses it)
  Press Ctrl-C to stop.
`);

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  site.close();
  await Promise.all([collector.stop(), spa ? stopProcess(spa) : undefined]);
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
collector.child.on('exit', (code) => {
  if (!stopping) {
    console.error(`the collector stopped (exit code ${code})`);
    shutdown(1);
  }
});
