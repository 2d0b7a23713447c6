import * as v from 'valibot';
import type { BeaconBatch, BeaconEvent } from '../schema/beacon';
import type { LeadEvent, NetworkInfo } from '../scoring/events';
import { classifyLink } from './links';

/** Events whose corrected time is older than this are dropped: the SDK's retry queue gives up sooner. */
export const MAX_EVENT_AGE_MS = 7 * 24 * 3600 * 1000;

export type NormalizeContext = {
  /** Server time the batch was received (ms). */
  receivedAt: number;
  /** The site's download extensions (default list plus its own). */
  downloadExtensions?: ReadonlySet<string>;
  /** Derived from the request's network; never the IP. */
  network?: NetworkInfo;
};

/**
 * Maps a validated beacon batch to normalised events. Client clocks are wrong more often than one
 * would think, so each event's time is shifted by the skew between the batch's send time and the
 * server's receive time (the approach of Segment's `sentAt`/`receivedAt`), then clamped to "not in
 * the future".
 */
export function normalizeBatch(batch: BeaconBatch, ctx: NormalizeContext): LeadEvent[] {
  const skew = ctx.receivedAt - batch.t;
  const out: LeadEvent[] = [];
  for (const raw of batch.e) {
    const at = Math.min(ctx.receivedAt, raw.ts + skew);
    if (ctx.receivedAt - at > MAX_EVENT_AGE_MS) continue;
    const base = {
      id: raw.i,
      at,
      url: raw.u,
      ...(batch.v ? { visitorId: batch.v } : {}),
      ...(batch.x ? { sessionId: batch.x } : {}),
      ...(batch.g === 1 ? { consent: true } : {}),
      ...(ctx.network ? { network: ctx.network } : {}),
    };
    const event = toEvent(raw, base, ctx);
    if (event) out.push(event);
  }
  return out;
}

type Base = { id: string; at: number; url: string };

const EMAIL = v.pipe(v.string(), v.email());

/** One beacon event as a LeadEvent; null for an event that carries nothing to keep. */
function toEvent(raw: BeaconEvent, base: Base, ctx: NormalizeContext): LeadEvent | null {
  switch (raw.n) {
    case 'lk': {
      const kind = classifyLink(raw.h, base.url, raw.d === 1, ctx.downloadExtensions);
      return kind ? { ...base, ...kind } : null;
    }
    case 'pv':
      return {
        ...base,
        type: 'pageview',
        topics: normalizeTopics(raw.tp),
        ...(raw.ti ? { title: raw.ti } : {}),
        ...(raw.r ? { referrer: raw.r } : {}),
      };
    case 'en':
      return {
        ...base,
        type: 'engagement',
        pageId: raw.p,
        engagedMs: raw.ms,
        scrollDepth: raw.sd,
        seq: raw.q,
      };
    case 'dl':
    case 'ob':
    case 'ml':
    case 'tl':
      return {
        ...base,
        type: LINK_TYPES[raw.n],
        href: raw.h,
        ...(raw.f ? { fileName: raw.f } : {}),
        ...(raw.x ? { fileExt: raw.x.toLowerCase() } : {}),
      };
    case 'fm':
      return {
        ...base,
        type: 'form',
        ...(raw.fi ? { formId: raw.fi } : {}),
        ...(raw.in ? { intent: raw.in.trim().toLowerCase() } : {}),
      };
    case 'ev':
      return { ...base, type: 'custom', name: raw.nm.trim(), ...(raw.pr ? { props: raw.pr } : {}) };
    case 'id': {
      // An address the SDK let through but that is not one drops this event, not the batch.
      const email = normalizeEmail(raw.em);
      if (!v.is(EMAIL, email)) return null;
      return { ...base, type: 'identify', email, ...(raw.tr ? { traits: raw.tr } : {}) };
    }
    case 'vt':
      return {
        ...base,
        type: 'vitals',
        pageId: raw.p,
        ...(raw.lcp !== undefined ? { lcp: raw.lcp } : {}),
        ...(raw.inp !== undefined ? { inp: raw.inp } : {}),
        ...(raw.cls !== undefined ? { cls: raw.cls } : {}),
      };
  }
}

const LINK_TYPES = { dl: 'download', ob: 'outbound', ml: 'mailto', tl: 'tel' } as const;

/** Topics compare case-insensitively; duplicates and blanks are dropped. */
export function normalizeTopics(topics: readonly string[] | undefined): string[] {
  if (!topics) return [];
  const seen = new Set<string>();
  for (const t of topics) {
    const topic = t.trim().toLowerCase();
    if (topic) seen.add(topic);
  }
  return [...seen];
}

/** Lower-cases and trims an address; the part after `@` is what domain rules look at. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The address that names a lead: normalised, and without a `+tag` in the local part when the model
 * says plus-addressing is one person's (`plusAddressing: "strip"`).
 */
export function leadAddress(email: string, plusAddressing: 'keep' | 'strip' = 'keep'): string {
  const address = normalizeEmail(email);
  if (plusAddressing !== 'strip') return address;
  const at = address.lastIndexOf('@');
  const plus = address.indexOf('+');
  return plus > 0 && plus < at ? address.slice(0, plus) + address.slice(at) : address;
}
