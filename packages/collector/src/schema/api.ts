import * as v from 'valibot';
import { fail } from '../lib/http';
import { formatIssues } from './issues';

const SITE = /^[A-Za-z0-9._-]{1,64}$/;
const ID = /^[A-Za-z0-9_-]{8,64}$/;

export const site = v.pipe(v.string('expected a string'), v.regex(SITE, 'expected a site id'));
export const email = v.pipe(
  v.string('expected a string'),
  v.trim(),
  v.maxLength(254, 'at most 254 characters'),
  v.email('expected an e-mail address'),
);
export const visitorId = v.pipe(
  v.string('expected a string'),
  v.regex(ID, 'expected a visitor id (8-64 of A-Z a-z 0-9 _ -)'),
);
export const props = v.pipe(
  v.record(
    v.pipe(v.string(), v.minLength(1), v.maxLength(64, 'keys: at most 64 characters')),
    v.union(
      [v.pipe(v.string(), v.maxLength(256)), v.pipe(v.number(), v.finite()), v.boolean()],
      'expected a string (≤ 256), a finite number or a boolean',
    ),
  ),
  v.check((o) => Object.keys(o).length <= 20, 'at most 20 properties'),
);

/** Request bodies of the API are small JSON documents. */
export const MAX_API_BODY = 64 * 1024;

/** Parses a JSON request body against a schema; a bad body is a 400 naming the field. */
export async function parseJson<S extends v.GenericSchema>(
  req: Request,
  schema: S,
): Promise<v.InferOutput<S>> {
  if (Number(req.headers.get('content-length') ?? '0') > MAX_API_BODY)
    fail(413, `body larger than ${MAX_API_BODY} bytes`);
  const text = await req.text();
  if (text.length > MAX_API_BODY) fail(413, `body larger than ${MAX_API_BODY} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail(400, 'body is not valid JSON');
  }
  const parsed = v.safeParse(schema, json);
  if (!parsed.success) fail(400, formatIssues(parsed.issues));
  return parsed.output;
}
