// A local webhook receiver for the collector tests, started once per run as a vitest globalSetup
// (it runs in Node, outside workerd). The Worker under test delivers real HTTP requests to it:
//   /ok/…    → 200            /fail/…  → 500
//   GET /received?path=/ok/x → every request that arrived on that path, oldest first.
// Tests give each subscription its own path, so runs of different tests never see each other's calls.
import { createServer } from 'node:http';

/** Starts the receiver on 127.0.0.1 and a random free port. */
export function startReceiver() {
  /** @type {Map<string, { method: string; headers: Record<string, string>; body: string; at: number }[]>} */
  const received = new Map();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (req.method === 'GET' && url.pathname === '/received') {
      const list = received.get(url.searchParams.get('path') ?? '') ?? [];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const headers = {};
      for (const [k, v] of Object.entries(req.headers))
        headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
      const list = received.get(url.pathname) ?? [];
      list.push({
        method: req.method ?? '',
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      received.set(url.pathname, list);
      const status = url.pathname.startsWith('/ok/') ? 200 : url.pathname.startsWith('/fail/') ? 500 : 404;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'nope');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (!address || typeof address === 'string') return reject(new Error('receiver has no port'));
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        close: () => new Promise((done) => server.close(() => done(undefined))),
      });
    });
  });
}

/** vitest globalSetup: hands the receiver's URL to the tests as `inject('webhookReceiverUrl')`. */
export default async function setup(project) {
  const receiver = await startReceiver();
  project.provide('webhookReceiverUrl', receiver.url);
  return () => receiver.close();
}
