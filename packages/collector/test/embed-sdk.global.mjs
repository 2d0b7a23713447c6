// Vitest global setup of the collector project: the Worker under test embeds the SDK
// (src/generated/sdk.ts), rebuilt first when its sources changed, exactly as wrangler's build does.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup() {
  const script = fileURLToPath(new URL('../scripts/embed-sdk.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`embed-sdk failed with exit code ${run.status}`);
}
