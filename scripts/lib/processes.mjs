// Starting and stopping the local collector (wrangler dev on workerd) for `pnpm start`, the
// end-to-end tests and the benchmarks. Everything listens on 127.0.0.1 only.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const COLLECTOR_DIR = join(ROOT, 'packages/collector');

const quiet = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

/** Runs a command to completion, inheriting output; throws on failure. */
export function run(cmd, args, { cwd = ROOT, env = quiet } = {}) {
  const res = spawnSync(cmd, args, { cwd, env, stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${res.status}`);
}

/**
 * Applies the D1 migrations to the local database, then starts `wrangler dev` and waits until
 * `/healthz` answers. Resolves with `{ url, stop, child }`. `dir` is the collector package to run
 * (another checkout's, to compare two versions in one benchmark); `config` another wrangler
 * configuration file than its wrangler.jsonc (the benchmarks' variants of it).
 */
export async function startCollector({
  port = 8787,
  persistTo,
  vars = {},
  log = false,
  dir = COLLECTOR_DIR,
  config,
} = {}) {
  const persist = persistTo ? ['--persist-to', persistTo] : [];
  run('pnpm', ['exec', 'wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', ...persist], {
    cwd: dir,
    env: { ...quiet, CI: 'true' },
  });
  const varArgs = Object.entries({ LB_ENV: 'development', ...vars }).flatMap(([k, v]) => [
    '--var',
    `${k}:${v}`,
  ]);
  const child = spawn(
    'pnpm',
    [
      'exec',
      'wrangler',
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      '0',
      '--show-interactive-dev-session=false',
      ...persist,
      ...(config ? ['--config', config] : []),
      ...varArgs,
    ],
    {
      cwd: dir,
      env: quiet,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    },
  );
  let output = '';
  const collect = (chunk) => {
    output += chunk;
    if (log) process.stdout.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopProcess(child);
  try {
    await waitFor(`${url}/healthz`, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  // Everything it printed so far (its log), for a caller that wants to say why a request failed.
  return { url, stop, child, output: () => output };
}

/**
 * A TCP port that is free on 127.0.0.1 right now (the OS picks it). Tests and benchmarks use it so
 * that two runs on one machine (or a running `npm start`) never collide on a fixed port.
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200, the child exits, or the timeout passes. */
export async function waitFor(url, child, output = () => '', timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`process exited before ${url} answered:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output()}`);
}

/** Stops a child and its process group (wrangler starts workerd as a grandchild). */
export function stopProcess(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    const kill = (signal) => {
      try {
        if (child.pid && process.platform !== 'win32') process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // already gone
      }
    };
    kill('SIGTERM');
    setTimeout(() => kill('SIGKILL'), 5000).unref();
  });
}
