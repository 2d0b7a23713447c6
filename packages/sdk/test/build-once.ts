import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const lock = join(root, 'node_modules/.build-lock');

/** Newest modification time of the files under `dir`. */
const newest = (dir: string): number =>
  Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((d) =>
      d.isDirectory() ? newest(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs,
    ),
  );

const built = () => {
  try {
    return statSync(join(root, 'dist/lb.js')).mtimeMs >= newest(join(root, 'src'));
  } catch {
    return false;
  }
};

/**
 * Builds dist/ when it is missing or older than src/, so the tests also run without `pnpm -r build`.
 * Both test projects may start at once: a lock directory makes the second wait for the first build.
 */
export default async function setup(): Promise<void> {
  while (!built()) {
    try {
      mkdirSync(lock);
    } catch {
      // Another project is building; a lock older than two minutes is left from a crash.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      if (!built())
        execFileSync(
          process.execPath,
          [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent'],
          {
            cwd: root,
            stdio: 'inherit',
          },
        );
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
