// Measuring the local collector from outside: the CPU time its workerd processes used (from /proc,
// Linux only), and waiting until its ingest queue has delivered every beacon it acknowledged.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** pid → { ppid, comm, ticks } for every process we may read. */
function processTable() {
  const table = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // comm is in parentheses and may hold spaces; the fields after it are space-separated.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // After comm: state(0) ppid(1) … utime(11) stime(12).
      table.set(Number(name), {
        ppid: Number(fields[1]),
        comm,
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // the process ended while we looked
    }
  }
  return table;
}

/**
 * CPU milliseconds (user + system) used so far by the Worker's workerd process under `rootPid` (the
 * one running the Worker, its queue consumers, Durable Objects, D1 and the queue broker). wrangler
 * dev runs a second workerd in front of it, a proxy that listens on the public port and that
 * production does not have; it is left out, and reported apart by `proxyCpuMs`.
 */
export function runtimeCpuMs(rootPid, publicPort) {
  return workerdCpuMs(rootPid, publicPort).worker;
}

export function proxyCpuMs(rootPid, publicPort) {
  return workerdCpuMs(rootPid, publicPort).proxy;
}

function workerdCpuMs(rootPid, publicPort) {
  const table = processTable();
  const children = new Map();
  for (const [pid, p] of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  const ticks = { worker: 0, proxy: 0 };
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop();
    const p = table.get(pid);
    if (p?.comm === 'workerd') {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const proxy = args.some((a) => a === `--socket-addr=entry=127.0.0.1:${publicPort}`);
      ticks[proxy ? 'proxy' : 'worker'] += p.ticks;
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return { worker: (ticks.worker * 1000) / TICKS_PER_SECOND, proxy: (ticks.proxy * 1000) / TICKS_PER_SECOND };
}

/** The collector's ingest counters (GET /dev/stats), or null when it has none (an older version). */
export async function ingestStats(url) {
  const res = await fetch(`${url}/dev/stats`);
  if (!res.ok) return null;
  return (await res.json()).ingest;
}

/**
 * Resolves when every beacon the collector acknowledged has been delivered to its object (or kept
 * as a dead letter), with the seconds it took; at once for a collector without a queue.
 */
export async function drained(url, timeoutMs = 300_000) {
  const started = performance.now();
  for (;;) {
    const s = await ingestStats(url);
    if (!s || s.settled >= s.sent) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs)
      throw new Error(`the ingest queue did not drain: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Median and the range of a list of numbers. */
export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** `1.23× (1.10–1.31)` */
export function formatRatio({ median, min, max }, digits = 2) {
  return `${median.toFixed(digits)}× (${min.toFixed(digits)}–${max.toFixed(digits)})`;
}
