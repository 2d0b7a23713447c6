import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Throws the client error the error funnel turns into `{ "error": message }`, with optional
 * response headers (e.g. `WWW-Authenticate` on a 401).
 */
export function fail(status: ContentfulStatusCode, message: string, headers?: HeadersInit): never {
  throw new HTTPException(status, { message, ...(headers ? { res: new Response(null, { headers }) } : {}) });
}
