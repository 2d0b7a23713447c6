import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as people get it: `pnpm pack` (what `npm publish` would upload), unpacked into a fresh
 * node_modules, then loaded by a separate Node process the way an app or a server-side renderer
 * loads it. The system's web-vitals stands in for the installed dependency.
 */
const root = join(import.meta.dirname, '..');
let dir: string;
let files: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadbeacon-pack-'));
  execFileSync('pnpm', ['pack', '--pack-destination', dir], { cwd: root, stdio: 'ignore' });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz')) as string;
  files = execFileSync('tar', ['-tzf', join(dir, tarball)], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''))
    .sort();
  const pkg = join(dir, 'node_modules/@leadbeacon/sdk');
  mkdirSync(pkg, { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', pkg, '--strip-components=1']);
  symlinkSync(realpathSync(join(root, 'node_modules/web-vitals')), join(dir, 'node_modules/web-vitals'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `code` in a new Node process in the unpacked project and returns what it printed, parsed. */
const run = (file: string, code: string) => {
  writeFileSync(join(dir, file), code);
  return JSON.parse(execFileSync(process.execPath, [join(dir, file)], { cwd: dir, encoding: 'utf8' }));
};

describe('the published package', () => {
  it('holds the builds, their types, the README and the LICENSE, and nothing else', () => {
    expect(files).toEqual([
      'LICENSE',
      'README.md',
      expect.stringMatching(/^dist\/api-[\w-]+\.js$/),
      'dist/index.d.ts',
      'dist/index.js',
      'dist/lb.js',
      'dist/lb.vitals.js',
      'dist/vitals.d.ts',
      'dist/vitals.js',
      'package.json',
    ]);
  });

  it('loads with require() in Node (the ESM build through require(esm)), inert on the server', () => {
    const out = run(
      'require.cjs',
      `const sdk = require('@leadbeacon/sdk');
       const { initVitals } = require('@leadbeacon/sdk/vitals');
       const t = sdk.init({ site: 'acme' });
       t.track('x'); t.identify('jo@acme.test', { title: 'CTO' }, { hash: 'a'.repeat(64) }); t.stop();
       console.log(JSON.stringify({
         exports: Object.keys(sdk).sort(),
         tracker: Object.keys(t).sort(),
         vitals: typeof initVitals,
         teardown: typeof initVitals(),
         script: require.resolve('@leadbeacon/sdk/lb.js').endsWith('dist/lb.js'),
       }));`,
    );
    expect(out).toEqual({
      exports: ['TOKEN_PARAM', 'consent', 'identify', 'init', 'page', 'stop', 'track', 'vitals'],
      tracker: ['consent', 'identify', 'page', 'stop', 'track', 'vitals'],
      vitals: 'function',
      teardown: 'function',
      script: true,
    });
  });

  it('loads with import in Node', () => {
    const out = run(
      'import.mjs',
      `const { init, TOKEN_PARAM } = await import('@leadbeacon/sdk');
       console.log(JSON.stringify({ init: typeof init, token: TOKEN_PARAM }));`,
    );
    expect(out).toEqual({ init: 'function', token: 'lb_t' });
  });
});
