import { type Context, Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { LOCAL_TIME_JS } from './scripts';
import { DASHBOARD_CSS } from './styles';

/**
 * FNV-1a (32 bit) of the stylesheet: a content hash computed synchronously at load, so every
 * page can name the current stylesheet (`app.css?v=…`) and caches may keep it for a year.
 */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export const CSS_VERSION = fnv1a(DASHBOARD_CSS);

/** Where pages link the stylesheet; the version changes whenever the CSS does. */
export const CSS_HREF = `/dashboard/app.css?v=${CSS_VERSION}`;

const ETAG = `"${CSS_VERSION}"`;

export const JS_VERSION = fnv1a(LOCAL_TIME_JS);

/** Where pages load the local-time script; the version changes whenever the script does. */
export const JS_HREF = `/dashboard/local-time.js?v=${JS_VERSION}`;

const JS_ETAG = `"${JS_VERSION}"`;

export const assetRoutes = new Hono<AppEnv>();

/** GET /dashboard/app.css: public (the login page needs it), long-cached, revalidated by ETag. */
assetRoutes.get('/app.css', (c) => asset(c, ETAG, 'text/css; charset=utf-8', DASHBOARD_CSS));

/** GET /dashboard/local-time.js: the progressive enhancement that shows times in the reader's zone. */
assetRoutes.get('/local-time.js', (c) => asset(c, JS_ETAG, 'text/javascript; charset=utf-8', LOCAL_TIME_JS));

function asset(c: Context<AppEnv>, etag: string, type: string, body: string) {
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  c.header('ETag', etag);
  const match = c.req.header('if-none-match');
  if (match?.split(/\s*,\s*/).some((tag) => tag === etag || tag === `W/${etag}`)) return c.body(null, 304);
  c.header('Content-Type', type);
  return c.body(body);
}
