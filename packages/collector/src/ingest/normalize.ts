import * as v from 'valibot';
import type { BeaconBatch, BeaconEvent } from '../schema/beacon';
import type { CustomEvent, FormEvent, LeadEvent, NetworkInfo, Props } from '../scoring/events';
import { formTraits } from './form-traits';
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
  /** What ingest/verify-identity.ts found out about the batch's identities. Default: none verified, none required. */
  identity?: IdentityVerdict;
};

/** Which identities of a batch are signed by the site's server, and whether the site insists. */
export type IdentityVerdict = {
  /** Indexes into the batch's `e` of the `id`/`fm` events whose `h` matched their address. */
  verified: ReadonlySet<number>;
  /** The site's `requireVerifiedIdentity`: an unverified identity is recorded as a claim only. */
  required: boolean;
};

/**
 * The name of the custom event an unverified identity becomes on a site that requires verification:
 * the claim is kept (who the visitor said they were, through which channel) but identifies nobody,
 * so the visitor stays anonymous and no known lead changes. Props: `email`, `via` (`script` or
 * `form`) and the traits that came with it.
 */
export const UNVERIFIED_IDENTITY = 'unverified_identity';

/**
 * Maps a validated beacon batch to normalised events. Client clocks are wrong more often than one
 * would think, so each event's time is shifted by the skew between the batch's send time and the
 * server's receive time (the approach of Segment's `sentAt`/`receivedAt`), then clamped to "not in
 * the future".
 */
export function normalizeBatch(batch: BeaconBatch, ctx: NormalizeContext): LeadEvent[] {
  const skew = ctx.receivedAt - batch.t;
  const out: LeadEvent[] = [];
  for (const [index, raw] of batch.e.entries()) {
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
    out.push(...toEvents(raw, base, ctx, identityOf(ctx.identity, index)));
  }
  return out;
}

type Base = { id: string; at: number; url: string };

type Trust = 'verified' | 'unverified' | 'claim';

function identityOf(verdict: IdentityVerdict | undefined, index: number): Trust {
  if (verdict?.verified.has(index)) return 'verified';
  return verdict?.required ? 'claim' : 'unverified';
}

/**
 * An `id`, or a form with the identity it carries, as events with their source: `verified` when the
 * site signed the address, else `script` (identify) or `form`. On a site that requires
 * verification an unverified identity becomes a claim (UNVERIFIED_IDENTITY); the form submission
 * itself still counts.
 */
function identityEvents(raw: BeaconEvent & { n: 'id' | 'fm' }, base: Base, trust: Trust): LeadEvent[] {
  // An address the SDK let through but that is not one drops the identity, not the batch.
  const email = raw.em === undefined ? undefined : normalizeEmail(raw.em);
  const valid = email !== undefined && isEmailAddress(email);
  // A form names its fields by autocomplete token (protocol 1.3); an identify's traits are the app's.
  const tr = raw.n === 'fm' ? formTraits(raw.tr) : raw.tr;
  const traits = valid && tr && Object.keys(tr).length > 0 ? tr : undefined;
  if (raw.n === 'id') {
    if (!valid) return [];
    if (trust === 'claim') return [claim(base, base.id, email, 'script', traits)];
    const source = trust === 'verified' ? 'verified' : 'script';
    return [{ ...base, type: 'identify', email, ...(traits ? { traits } : {}), source }];
  }
  const form: FormEvent = {
    ...base,
    type: 'form',
    ...(raw.fi ? { formId: raw.fi } : {}),
    ...(raw.in ? { intent: raw.in.trim().toLowerCase() } : {}),
  };
  if (!valid) return [form];
  if (trust === 'claim') return [form, claim(base, `${base.id.slice(0, 58)}-claim`, email, 'form', traits)];
  const source = trust === 'verified' ? 'verified' : 'form';
  return [{ ...form, email, ...(traits ? { traits } : {}), source }];
}

function claim(base: Base, id: string, email: string, via: 'script' | 'form', traits?: Props): CustomEvent {
  // 20 props at most, like any custom event: the address and the channel always fit.
  const props: Props = {};
  let n = 0;
  for (const [k, value] of Object.entries(traits ?? {})) {
    if (n === 18) break;
    if (k === 'email' || k === 'via') continue;
    props[k] = value;
    n++;
  }
  return { ...base, id, type: 'custom', name: UNVERIFIED_IDENTITY, props: { ...props, email, via } };
}

const EMAIL = v.pipe(v.string(), v.email());

/** Whether a normalised address is one the collector keeps (the SDK's check is looser). */
export function isEmailAddress(address: string): boolean {
  return v.is(EMAIL, address);
}

/** One beacon event as LeadEvents: none for an event that carries nothing to keep, two for a claim. */
function toEvents(raw: BeaconEvent, base: Base, ctx: NormalizeContext, trust: Trust): LeadEvent[] {
  switch (raw.n) {
    case 'lk': {
      const kind = classifyLink(raw.h, base.url, raw.d === 1, ctx.downloadExtensions);
      return kind ? [{ ...base, ...kind }] : [];
    }
    case 'pv':
      return [
        {
          ...base,
          type: 'pageview',
          topics: normalizeTopics(raw.tp),
          ...(raw.ti ? { title: raw.ti } : {}),
          ...(raw.r ? { referrer: raw.r } : {}),
        },
      ];
    case 'en':
      return [
        {
          ...base,
          type: 'engagement',
          pageId: raw.p,
          engagedMs: raw.ms,
          scrollDepth: raw.sd,
          seq: raw.q,
        },
      ];
    case 'dl':
    case 'ob':
    case 'ml':
    case 'tl':
      return [
        {
          ...base,
          type: LINK_TYPES[raw.n],
          href: raw.h,
          ...(raw.f ? { fileName: raw.f } : {}),
          ...(raw.x ? { fileExt: raw.x.toLowerCase() } : {}),
        },
      ];
    case 'fm':
    case 'id':
      return identityEvents(raw, base, trust);
    case 'ev':
      return [{ ...base, type: 'custom', name: raw.nm.trim(), ...(raw.pr ? { props: raw.pr } : {}) }];
    case 'vt':
      return [
        {
          ...base,
          type: 'vitals',
          pageId: raw.p,
          ...(raw.lcp !== undefined ? { lcp: raw.lcp } : {}),
          ...(raw.inp !== undefined ? { inp: raw.inp } : {}),
          ...(raw.cls !== undefined ? { cls: raw.cls } : {}),
        },
      ];
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
