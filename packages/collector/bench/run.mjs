// Bundles the TypeScript benchmark with esbuild (the same bundler wrangler uses, so the scoring
// modules and the free-email-domains JSON are exercised as the Worker gets them) and runs it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const dir = await mkdtemp(join(tmpdir(), 'lb-bench-'));
const outfile = join(dir, 'scoring.bench.mjs');
try {
  await build({
    entryPoints: [new URL('./scoring.bench.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile,
    logLevel: 'warning',
  });
  await import(pathToFileURL(outfile).href);
} finally {
  await rm(dir, { recursive: true, force: true });
}
