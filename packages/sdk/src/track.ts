import { clip } from './lib/clip';
import { props } from './lib/props';
import type { Ctx } from './types';

/** Queues a custom event (`ev`: `nm` name, `pr` props). A missing or blank name changes nothing. */
export const track = (ctx: Ctx, name: unknown, pr?: unknown): void => {
  const nm = clip((name as string)?.trim?.(), 64);
  if (nm) ctx._e('ev', { nm, pr: props(pr) });
};
