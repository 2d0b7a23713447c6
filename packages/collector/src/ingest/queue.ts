import type { LeadEvent } from '../scoring/events';

/**
 * The ingest queues, by the names wrangler.jsonc gives them (a queue handler only learns the name).
 * Rename them here and there together.
 */
export const INGEST_QUEUE = 'leadbeacon-ingest';
export const INGEST_DEAD_LETTER_QUEUE = 'leadbeacon-ingest-dlq';

/** The format of the messages below; a consumer meeting another one keeps the message as a dead letter. */
export const INGEST_MESSAGE_VERSION = 1;

/** One accepted beacon (or part of one) of a browser with a visitor id: events for its visitor object. */
export type VisitorMessage = {
  v: typeof INGEST_MESSAGE_VERSION;
  kind: 'visitor';
  site: string;
  /** The browser's first-party visitor id (the object is `v:<site>:<visitor>`). */
  visitor: string;
  /** Normalised events, page URLs cleaned, identities checked: what the object stores. */
  events: LeadEvent[];
  /** The lead a verified e-mail link token in the beacon named: the visitor becomes it. */
  linkLeadId?: string;
};

/** Page views of a beacon without a visitor id (no consent, GPC, DNT): counted per day and path only. */
export type PageviewsMessage = {
  v: typeof INGEST_MESSAGE_VERSION;
  kind: 'pageviews';
  site: string;
  views: AnonymousView[];
};

/** One anonymous page view as it is counted: its UTC day and its path, nothing else. */
export type AnonymousView = { day: string; path: string };

export type IngestMessage = VisitorMessage | PageviewsMessage;

/**
 * A message body stays under this many bytes (Queues allow 128 KB, about 100 bytes of which are
 * metadata). A beacon body is at most 32 KB, and normalising adds at most a few hundred bytes an
 * event (long key names, the network, the visitor and session ids), so one beacon is one message;
 * the split below is a guard, tested with the largest beacon the schema lets through.
 */
export const MAX_MESSAGE_BYTES = 100_000;

/** Only a beacon this long (characters of its body) can come near the limit once normalised. */
const MEASURE_ABOVE_CHARS = 24_000;

/**
 * The messages for one beacon of a visitor: one, unless its events would not fit, then split in
 * halves until each part does (each part still names the link token's lead).
 */
export function visitorMessages(
  input: { site: string; visitor: string; events: LeadEvent[]; linkLeadId?: string | undefined },
  bodyChars: number,
): VisitorMessage[] {
  const message: VisitorMessage = {
    v: INGEST_MESSAGE_VERSION,
    kind: 'visitor',
    site: input.site,
    visitor: input.visitor,
    events: input.events,
    ...(input.linkLeadId ? { linkLeadId: input.linkLeadId } : {}),
  };
  if (bodyChars <= MEASURE_ABOVE_CHARS) return [message];
  return split(message);
}

function split(message: VisitorMessage): VisitorMessage[] {
  if (message.events.length <= 1 || messageBytes(message) <= MAX_MESSAGE_BYTES) return [message];
  const half = Math.ceil(message.events.length / 2);
  return [
    ...split({ ...message, events: message.events.slice(0, half) }),
    ...split({ ...message, events: message.events.slice(half) }),
  ];
}

/** The size of a message body as Queues count it (UTF-8 JSON). */
export function messageBytes(message: IngestMessage): number {
  return new TextEncoder().encode(JSON.stringify(message)).length;
}

/** A beacon's page views as counted for a visitor without an id. */
export function anonymousViews(events: readonly LeadEvent[]): AnonymousView[] {
  return events
    .filter((e) => e.type === 'pageview')
    .map((e) => ({
      day: new Date(e.at).toISOString().slice(0, 10),
      path: new URL(e.url).pathname.slice(0, 512),
    }));
}

/** Whether a queue message body is one this code sends (a structural check, not a validation of events). */
export function isIngestMessage(body: unknown): body is IngestMessage {
  if (typeof body !== 'object' || body === null) return false;
  const m = body as Partial<Record<keyof VisitorMessage | keyof PageviewsMessage, unknown>>;
  if (m.v !== INGEST_MESSAGE_VERSION || typeof m.site !== 'string') return false;
  if (m.kind === 'visitor') {
    return (
      typeof m.visitor === 'string' &&
      Array.isArray(m.events) &&
      (m.linkLeadId === undefined || typeof m.linkLeadId === 'string')
    );
  }
  return (
    m.kind === 'pageviews' &&
    Array.isArray(m.views) &&
    m.views.every(
      (view: Partial<Record<keyof AnonymousView, unknown>> | null) =>
        typeof view?.day === 'string' && typeof view.path === 'string',
    )
  );
}
