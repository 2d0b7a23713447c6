import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Batch } from '../src/types';

/** A request body the collector stand-in received, with how it was sent. */
export type Received = Batch & {
  /** `Sec-Fetch-Mode`: `no-cors` for sendBeacon, `cors` for fetch. */
  mode?: string;
  /** The request's content type. */
  type?: string;
};

export type TestServer = {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every body POSTed to /e, in order. */
  received: Received[];
  /** Preflight (OPTIONS) requests seen: a correct SDK causes none. */
  preflights: number;
  /** Every event of every body, in order. */
  events(): Batch['e'];
  /** The status /e answers with (default 204). */
  status: number;
  /** Adds or replaces a page: path → HTML. */
  page(path: string, html: string): void;
  close(): Promise<void>;
};

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.pdf': 'application/pdf',
  '.svg': 'image/svg+xml',
};

/**
 * `SDK_TEST_LAG_MS`: how long `POST /e` waits between recording a body and answering (default 0).
 * Tests must pass with any lag a loaded machine may add; this makes one on demand.
 */
const LAG_MS = Number(process.env.SDK_TEST_LAG_MS) || 0;

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (c) => {
      s += c;
    });
    req.on('end', () => resolve(s));
  });

/**
 * A tiny collector stand-in and static server for tests: `POST /e` records beacons (CORS open, like the
 * collector); `/lb.js` and `/lb.vitals.js` come from dist/; pages are registered by tests; `spaDir`
 * serves a built single-page app with an index.html fallback for client routes.
 */
export const startServer = async (
  opts: {
    /** A built single-page app to serve, with index.html for client routes. */
    spaDir?: string;
    /** Extra files: URL path → file on disk (e.g. another tracker for the bench). */
    files?: Record<string, string>;
    /** POST paths that answer 202 and record nothing (another tracker's endpoint). */
    sinks?: string[];
  } = {},
): Promise<TestServer> => {
  const dist = join(import.meta.dirname, '../dist');
  const pages = new Map<string, string>();
  /** Answers to `POST /e` not yet sent: closing waits for them (a cut socket is an error in the page). */
  const answering = new Set<Promise<void>>();
  const server = createServer(async (req, res) => {
    const path = new URL(req.url as string, 'http://x').pathname;
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      s.preflights++;
      res
        .writeHead(204, { 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': '*' })
        .end();
      return;
    }
    if (req.method === 'POST' && path === '/e') {
      const text = await body(req);
      s.received.push({
        ...JSON.parse(text),
        mode: req.headers['sec-fetch-mode'] as string,
        type: req.headers['content-type'],
      });
      // A loaded machine, on demand: the answer reaches the tracker late, after the test has seen the
      // request (node:timers, which tests that fake the global timers leave alone).
      const answered = (LAG_MS ? delay(LAG_MS) : Promise.resolve()).then(() => {
        res.writeHead(s.status).end();
      });
      answering.add(answered);
      await answered;
      answering.delete(answered);
      return;
    }
    if (req.method === 'POST' && opts.sinks?.includes(path)) {
      await body(req);
      res.writeHead(202).end();
      return;
    }
    const file =
      path === '/lb.js' || path === '/lb.vitals.js' ? join(dist, path) : (opts.files?.[path] ?? undefined);
    const html = pages.get(path);
    if (html != null) {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
      return;
    }
    const candidates = [
      file,
      opts.spaDir && join(opts.spaDir, normalize(path)),
      opts.spaDir && join(opts.spaDir, 'index.html'),
    ];
    for (const f of candidates)
      if (f)
        try {
          const data = readFileSync(f);
          res.writeHead(200, { 'Content-Type': TYPES[extname(f)] || 'application/octet-stream' }).end(data);
          return;
        } catch {
          // Try the next candidate.
        }
    // Downloads in the fixtures need not exist: a small PDF-typed body is enough.
    if (/\.(pdf|docx?|zip)$/i.test(path)) {
      res.writeHead(200, { 'Content-Type': TYPES['.pdf'] as string }).end('%PDF-1.4');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const s: TestServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: [],
    preflights: 0,
    status: 204,
    events: () => s.received.flatMap((b) => b.e),
    page: (path, html) => {
      pages.set(path, html);
    },
    close: async () => {
      await Promise.all(answering);
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
  return s;
};
