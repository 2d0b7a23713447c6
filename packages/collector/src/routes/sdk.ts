import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { allowsAutomation } from '../config';
import { SDK_FILES } from '../generated/sdk';

/**
 * Serves the browser SDK from the collector's own origin, so the script and its beacons are
 * first-party to the collector and the endpoint needs no configuration. Browsers revalidate
 * hourly (ETag) so a deploy reaches visitors quickly without a versioned URL in site markup.
 */
export const sdkRoutes = new Hono<AppEnv>();

/**
 * Prepended when `LB_ALLOW_AUTOMATION=true`: the SDK then tracks browsers that report
 * `navigator.webdriver`. It gives the script's own tag `data-allow-automation` unless the page set
 * that attribute (so an explicit `"false"` still wins): the switch lives here, not in every
 * visitor's copy of the script.
 */
export const AUTOMATION_PRELUDE = '(s=>s&&(s.dataset.allowAutomation??="true"))(document.currentScript);\n';

for (const [path, original] of Object.entries(SDK_FILES)) {
  const automated = {
    source: AUTOMATION_PRELUDE + original.source,
    etag: original.etag.replace(/"$/, '-a"'),
  };
  sdkRoutes.get(path, (c) => {
    const file = allowsAutomation(c.env) ? automated : original;
    const headers = {
      'Content-Type': 'application/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600, stale-while-revalidate=86400',
      ETag: file.etag,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    };
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304, headers);
    return c.body(file.source, 200, headers);
  });
}
