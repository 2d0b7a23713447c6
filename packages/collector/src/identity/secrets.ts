import * as v from 'valibot';
import { formatIssues } from '../schema/issues';

/** The shortest identity secret accepted: 32 characters, as for the e-mail link signing key. */
export const MIN_IDENTITY_SECRET_LENGTH = 32;

const SecretsSchema = v.record(
  v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,64}$/, 'site ids: 1-64 of A-Z a-z 0-9 . _ -')),
  v.pipe(
    v.string('expected a string'),
    v.minLength(MIN_IDENTITY_SECRET_LENGTH, `at least ${MIN_IDENTITY_SECRET_LENGTH} characters`),
  ),
);

/** `LB_IDENTITY_SECRETS` parsed and checked: the secrets by site, or every mistake (never a secret's value). */
export function parseIdentitySecrets(
  raw: string | undefined,
): { secrets: Map<string, string> } | { problems: string[] } {
  if (!raw) return { secrets: new Map() };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { problems: ['not valid JSON: expected {"<site id>":"<secret of at least 32 characters>"}'] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { problems: ['expected a JSON object {"<site id>":"<secret of at least 32 characters>"}'] };
  const parsed = v.safeParse(SecretsSchema, json);
  if (!parsed.success) return { problems: formatIssues(parsed.issues, 20).split('; ') };
  return { secrets: new Map(Object.entries(parsed.output)) };
}

let cached: { raw: string; secrets: Map<string, string> } | undefined;

/**
 * The identity secret of a site from the `LB_IDENTITY_SECRETS` secret (JSON `{ "<site>": "<secret>" }`),
 * or null when the site has none. Parsed once per isolate. A broken value is an operator error: it
 * throws with the path of the mistake (never the secret), which the error funnel logs.
 */
export function identitySecret(env: Pick<Env, 'LB_IDENTITY_SECRETS'>, site: string): string | null {
  const raw = env.LB_IDENTITY_SECRETS;
  if (!raw) return null;
  if (cached?.raw !== raw) {
    // Requests reach this only after the configuration check (config-check.ts) passed.
    const parsed = parseIdentitySecrets(raw);
    if ('problems' in parsed) throw new Error(`LB_IDENTITY_SECRETS: ${parsed.problems.join('; ')}`);
    cached = { raw, secrets: parsed.secrets };
  }
  return cached.secrets.get(site) ?? null;
}
