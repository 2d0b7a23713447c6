// A small static file server for the example site (no dependencies, loopback only).
// Usage: node serve-static.mjs --dir <folder> --port <port> [--collector <origin>]
// --collector rewrites the script tag's collector origin (http://127.0.0.1:8787) in HTML pages, so
// tests can run a collector on another port while the pages stay exactly as a site owner writes them.
// A form that posts to a page (method="post", as the example's forms do so that nothing personal
// lands in a URL) is answered like a real site would: the body is read and discarded, then
// 303 See Other sends the browser to the same page with GET (post/redirect/get, so a reload does
// not post again).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';

export const DEFAULT_COLLECTOR = 'http://127.0.0.1:8787';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Starts the server and resolves with it once it listens. */
export function serveStatic({
  dir,
  port,
  host = '127.0.0.1',
  collector = DEFAULT_COLLECTOR,
  spaFallback = false,
}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST')
        return send(res, 405, 'method not allowed', { allow: 'GET, HEAD, POST' });
      const url = new URL(req.url ?? '/', 'http://x');
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (path !== root && !path.startsWith(root + sep)) return send(res, 403, 'forbidden');
      let stat = tryStat(path);
      if (stat?.isDirectory()) {
        path = join(path, 'index.html');
        stat = tryStat(path);
      }
      if (!stat && spaFallback && !extname(path)) {
        path = join(root, 'index.html');
        stat = tryStat(path);
      }
      if (!stat?.isFile()) return send(res, 404, 'not found');
      if (req.method === 'POST') {
        // The body is never kept; read it so the connection stays usable.
        for await (const _ of req);
        res.writeHead(303, { location: url.pathname, 'cache-control': 'no-store' });
        return res.end();
      }
      const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
      if (type.startsWith('text/html') && collector !== DEFAULT_COLLECTOR) {
        const { readFile } = await import('node:fs/promises');
        const html = (await readFile(path, 'utf8')).replaceAll(DEFAULT_COLLECTOR, collector);
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        return res.end(html);
      }
      res.writeHead(200, { 'content-type': type, 'content-length': stat.size, 'cache-control': 'no-store' });
      createReadStream(path).pipe(res);
    } catch {
      send(res, 400, 'bad request');
    }
  });
  return new Promise((ok, ko) => {
    server.once('error', ko);
    server.listen(port, host, () => ok(server));
  });
}

function tryStat(path) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function send(res, status, text, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: '.' },
      port: { type: 'string', default: '8080' },
      collector: { type: 'string', default: DEFAULT_COLLECTOR },
      spa: { type: 'boolean', default: false },
    },
  });
  const server = await serveStatic({
    dir: values.dir,
    port: Number(values.port),
    collector: values.collector,
    spaFallback: values.spa,
  });
  const { port } = server.address();
  console.log(`serving ${resolve(values.dir)} on http://127.0.0.1:${port}`);
}
