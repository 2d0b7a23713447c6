// Whether the SDK's build (packages/sdk/dist) is older than what it is built from: make's rule,
// on modification times. A checkout, a pull or an edit gives the changed files a new time, so a
// changed source always wins over an older build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The built files the Worker embeds, relative to the SDK package. */
export const SDK_OUTPUTS = ['dist/lb.js', 'dist/lb.vitals.js'];

/** What the SDK's build reads: its sources (tests aside) and the files that configure the build. */
export function sdkInputs(sdkRoot) {
  const out = ['rollup.config.mjs', 'package.json', 'tsconfig.json']
    .map((f) => join(sdkRoot, f))
    .filter((f) => existsSync(f));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!/\.test\.tsx?$/.test(entry.name)) out.push(path);
    }
  };
  if (existsSync(join(sdkRoot, 'src'))) walk(join(sdkRoot, 'src'));
  return out;
}

/** Why the SDK must be (re)built, or null when every output is newer than every input. */
export function staleReason(sdkRoot) {
  const outputs = SDK_OUTPUTS.map((f) => join(sdkRoot, f));
  const missing = outputs.find((f) => !existsSync(f));
  if (missing) return `${relative(sdkRoot, missing)} is missing`;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const newer = sdkInputs(sdkRoot).find((f) => statSync(f).mtimeMs > built);
  return newer ? `${relative(sdkRoot, newer)} changed since the last build` : null;
}
