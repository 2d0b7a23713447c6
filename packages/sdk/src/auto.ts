import type { Options } from './config';
import { init } from './init';
import type { Tracker } from './types';

/**
 * The script-tag entry (`dist/lb.js`). The tag's `data-*` attributes are the options (every reader of
 * an option accepts its string form), the endpoint defaults to the script's own origin, the global
 * `leadbeacon` is installed and the calls queued before the script loaded (`leadbeacon.q`, filled by
 * the stub snippet in the README) are replayed in order.
 */
const w = window as unknown as { leadbeacon?: Tracker & { q?: [keyof Tracker, never[]][] } };
const s = document.currentScript as HTMLScriptElement;
const queued = w.leadbeacon?.q || [];
const t = init({ endpoint: `${new URL(s.src, location.href).origin}/e`, ...s.dataset } as Options);
w.leadbeacon = t;
for (const [m, a] of queued) t[m]?.(...(a as [never, never]));
