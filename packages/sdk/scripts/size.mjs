// The size budget of the script tag build, checked in CI: gzip level 9 of dist/lb.js, the bytes a
// browser downloads. Exits 1 above the budget. `--report` only prints (used by the build).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/**
 * Hard budget of dist/lb.js in bytes (gzip -9): what the script weighs with every signal, the form
 * fields, verified identify, URL stripping and the bound on one event's size (README, "Size"), plus
 * a few bytes.
 */
export const BUDGET = 2693;

const files = ['dist/lb.js', 'dist/lb.vitals.js', 'dist/index.js'];
const root = new URL('..', import.meta.url);
let over = false;
for (const f of files) {
  const code = readFileSync(new URL(f, root));
  const gz = gzipSync(code, { level: 9 }).length;
  const budget = f === 'dist/lb.js' ? ` (budget ${BUDGET})` : '';
  if (budget && gz > BUDGET) over = true;
  console.log(
    `${f.padEnd(18)} ${String(code.length).padStart(6)} B  ${String(gz).padStart(5)} B gzip${budget}`,
  );
}
if (over && !process.argv.includes('--report')) {
  console.error(`dist/lb.js is over its ${BUDGET} B gzip budget`);
  process.exit(1);
}
