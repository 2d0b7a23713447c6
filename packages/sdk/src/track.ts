import { clip } from './lib/clip';
import { props } from './lib/props';
import type { Ctx } from './types';

/** Queues a custom event (`ev`: `nm` name, `pr` props). Returns false, changing nothing, without a name. */
export const track = (ctx: Ctx, name: unknown, pr?: unknown): boolean => {
  const ok = typeof name == 'string' && !!name.trim();
  if (ok) ctx._e('ev', { nm: clip(name.trim(), 64), pr: props(pr) });
  return ok;
};
