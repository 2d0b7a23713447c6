import type { NetworkInfo } from '../scoring/events';

/**
 * What the edge may keep about the visitor's network. Only derived values leave this function;
 * the raw IP is never read here nor stored anywhere.
 */
export function networkInfo(cf: IncomingRequestCfProperties | undefined): NetworkInfo | undefined {
  if (!cf) return undefined;
  const country = typeof cf.country === 'string' && /^[A-Z]{2}$/.test(cf.country) ? cf.country : undefined;
  return country ? { country } : undefined;
}
