import { isDevelopment } from '../config';

/** Used only by development and test collectors without `LB_SIGNING_KEY`; production refuses it. */
export const DEV_SIGNING_KEY = 'lb_dev_signing_key_not_for_production_use';

/** The key that signs e-mail link tokens, or null when none is configured in production. */
export function signingKey(env: Pick<Env, 'LB_ENV' | 'LB_SIGNING_KEY'>): string | null {
  if (env.LB_SIGNING_KEY && env.LB_SIGNING_KEY.length >= 32) return env.LB_SIGNING_KEY;
  return isDevelopment(env) ? DEV_SIGNING_KEY : null;
}
