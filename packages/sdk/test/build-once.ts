import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** Newest modification time of the files under `dir`. */
const newest = (dir: string): number =>
  Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((d) =>
      d.isDirectory() ? newest(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs,
    ),
  );

/** Builds dist/ when it is missing or older than src/, so the tests also run without `pnpm -r build`. */
export default function setup(): void {
  let built = 0;
  try {
    built = statSync(join(root, 'dist/lb.js')).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built < newest(join(root, 'src')))
    execFileSync(process.execPath, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent'], {
      cwd: root,
      stdio: 'inherit',
    });
}
