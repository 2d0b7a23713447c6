import type { Principal } from './auth/tokens';

/** Hono's environment for this app: the Worker bindings and per-request variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: { principal: Principal };
};
