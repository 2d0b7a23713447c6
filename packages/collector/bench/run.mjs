// Bundles the TypeScript benchmarks with esbuild (the same bundler wrangler uses, so the scoring
// modules, the free-email-domains JSON and the dashboard's JSX are exercised as the Worker gets
// them) and runs them one after the other: `node bench/run.mjs [scoring] [dashboard] [audit]`
// (default: scoring and dashboard; the model report audit takes minutes, so it runs only when named).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const BENCHES = {
  scoring: 'scoring.bench.ts',
  dashboard: 'dashboard.bench.tsx',
  audit: 'model-report-audit.ts',
};
const DEFAULT = ['scoring', 'dashboard'];
const names = process.argv.slice(2);
for (const name of names) {
  if (!(name in BENCHES))
    throw new Error(`unknown benchmark "${name}" (known: ${Object.keys(BENCHES).join(', ')})`);
}

const dir = await mkdtemp(join(tmpdir(), 'lb-bench-'));
try {
  for (const [i, name] of (names.length > 0 ? names : DEFAULT).entries()) {
    const outfile = join(dir, `${name}.bench.mjs`);
    await build({
      entryPoints: [new URL(`./${BENCHES[name]}`, import.meta.url).pathname],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      outfile,
      // The dashboard's JSX, as tsconfig.json configures it for the Worker.
      jsx: 'automatic',
      jsxImportSource: 'hono/jsx',
      logLevel: 'warning',
    });
    if (i > 0) console.log('');
    await import(pathToFileURL(outfile).href);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
