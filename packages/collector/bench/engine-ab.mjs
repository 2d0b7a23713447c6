// The scoring engine against another build of it, in one process: `node bench/engine-ab.mjs <git-ref>`
// (for example a tag, a commit, `HEAD~3`). Figures from separate processes differ by more than
// most changes on a shared machine; slices of the same work, alternated between the two engines and
// timed in CPU time, do not. Each engine scores its own default model (an older build may not read
// the current model format) over the same 20,000 leads × 50 events, parsed from JSON as an object
// holds them; live scoring lead by lead, as in a Durable Object, then replay with results.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

// `pnpm run bench:ab -- <ref>` passes the `--` on.
const args = process.argv.slice(2).filter((a) => a !== '--');
const ref = args[0];
if (!ref || ref.startsWith('-')) {
  console.error('usage: node bench/engine-ab.mjs <git-ref> [rounds]  (e.g. HEAD~1, a tag or a commit)');
  process.exit(2);
}
const rounds = Number(args[1] ?? 4);
if (!Number.isInteger(rounds) || rounds < 2) {
  console.error('rounds: a whole number ≥ 2 (the first round warms up and is not counted)');
  process.exit(2);
}

// The harness, bundled with both engines (TypeScript, so that each engine is bundled as wrangler would).
const harnessBody = `
const { process } = globalThis as unknown as { process: { cpuUsage(): { user: number; system: number }; version: string } };
type Engine = { model: unknown; create(m: unknown): { events: unknown[] }; apply(s: unknown, e: unknown): unknown;
  replay(e: unknown[], m: unknown): unknown; finalize(s: unknown, now: number): { total: number } };
const histories = population(20_000, 50).map((e) => JSON.parse(JSON.stringify(e)) as unknown[]);
const end = Math.max(...histories.map((h) => (h[h.length - 1] as { at: number }).at));
const engines: Engine[] = [
  { model: A.compileModel({ ...A_MODEL, competitors: ['rival.example'] } as never), create: Ai.createLeadState as never,
    apply: Ai.applyEvent as never, replay: Ae.replay as never, finalize: Ai.finalize as never },
  { model: B.compileModel({ ...B_MODEL, competitors: ['rival.example'] } as never), create: Bi.createLeadState as never,
    apply: Bi.applyEvent as never, replay: Be.replay as never, finalize: Bi.finalize as never },
];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let sink = 0;
const work = {
  live(e: Engine, from: number, to: number) {
    for (let l = from; l < to; l++) {
      const state = e.create(e.model);
      const events = histories[l] as unknown[];
      for (let i = 0; i < events.length; i++) e.apply(state, events[i]);
      sink += state.events.length;
    }
  },
  replay(e: Engine, from: number, to: number) {
    for (let l = from; l < to; l++) sink += e.finalize(e.replay(histories[l] as unknown[], e.model), end).total;
  },
};
export function run(rounds: number): void {
  const SLICE = 1_000;
  const events = (rounds - 1) * histories.length * 50;
  for (const [name, fn] of Object.entries(work)) {
    const totals = [0, 0];
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (let c = 0; c < histories.length; c += SLICE) {
        const pair = [0, 0];
        // Alternate which engine goes first, slice by slice and round by round.
        for (let k = 0; k < 2; k++) {
          const i = (c / SLICE + k + r) % 2;
          const t = cpu();
          fn(engines[i] as Engine, c, c + SLICE);
          pair[i] = cpu() - t;
        }
        if (r === 0) continue; // warm-up
        totals[0] += pair[0] as number;
        totals[1] += pair[1] as number;
        ratios.push((pair[0] as number) / (pair[1] as number));
      }
    }
    ratios.sort((a, b) => a - b);
    const q = (p: number) => (ratios[Math.floor(p * (ratios.length - 1))] as number).toFixed(3);
    const rate = (ms: number) => Math.round(events / (ms / 1000)).toLocaleString('en-US');
    console.log(
      \`\${name.padEnd(6)} base \${rate(totals[0] as number)} events/s, candidate \${rate(totals[1] as number)} events/s (CPU time): candidate \${((totals[0] as number) / (totals[1] as number)).toFixed(2)}× (per slice: median \${q(0.5)}, p25 \${q(0.25)}, p75 \${q(0.75)}, \${ratios.length} slices)\`,
    );
  }
  if (sink === 0) console.log('');
}
`;

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: pkg, encoding: 'utf8' }).trim();
let commit;
try {
  commit = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
} catch {
  console.error(
    `"${ref}" names no commit of this repository (a shallow clone may not have it: git fetch --unshallow)`,
  );
  process.exit(2);
}

const dir = await mkdtemp(join(tmpdir(), 'lb-engine-ab-'));
try {
  // The other build's scoring sources, as committed.
  const other = join(dir, 'other');
  await mkdir(other);
  const archive = execFileSync('git', ['archive', commit, 'packages/collector/src/scoring'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', other], { input: archive });
  const otherScoring = join(other, 'packages/collector/src/scoring');
  const thisScoring = join(pkg, 'src/scoring');
  const harness = join(dir, 'ab.ts');
  await writeFile(
    harness,
    `
import * as A from ${JSON.stringify(join(otherScoring, 'compile'))};
import * as Ai from ${JSON.stringify(join(otherScoring, 'incremental'))};
import * as Ae from ${JSON.stringify(join(otherScoring, 'engine'))};
import { DEFAULT_MODEL as A_MODEL } from ${JSON.stringify(join(otherScoring, 'default-model'))};
import * as B from ${JSON.stringify(join(thisScoring, 'compile'))};
import * as Bi from ${JSON.stringify(join(thisScoring, 'incremental'))};
import * as Be from ${JSON.stringify(join(thisScoring, 'engine'))};
import { DEFAULT_MODEL as B_MODEL } from ${JSON.stringify(join(thisScoring, 'default-model'))};
import { population } from ${JSON.stringify(join(here, 'generate'))};
${harnessBody}
`,
  );
  const outfile = join(dir, 'ab.mjs');
  await build({
    entryPoints: [harness],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile,
    // The other build's sources sit outside the workspace: resolve their packages from this one.
    nodePaths: [join(pkg, 'node_modules')],
    logLevel: 'warning',
  });
  console.log(
    `scoring engine A/B — ${commit} (base) against this working tree (candidate), ${rounds} rounds`,
  );
  const { run } = await import(pathToFileURL(outfile).href);
  run(rounds);
} finally {
  await rm(dir, { recursive: true, force: true });
}
