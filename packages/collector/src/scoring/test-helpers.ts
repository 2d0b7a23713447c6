/** Event builders for the scoring tests and benchmarks: terse, typed, with unique ids. */
import { DAY_MS } from './decay';
import type { LeadEvent, Props } from './events';

/** Monday 2 November 2026, 09:00 UTC: the worked case's day 0. */
export const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
export const SITE = 'https://acme.example';
export const day = (n: number): number => T0 + n * DAY_MS;
export const minutes = (n: number): number => n * 60_000;

let seq = 0;
const nextId = (prefix: string): string => `${prefix}-${(++seq).toString(36).padStart(6, '0')}`;

type Base = { at: number; id?: string; sessionId?: string };

export const pageview = (path: string, o: Base & { topics?: string[] }): LeadEvent => ({
  type: 'pageview',
  id: o.id ?? nextId('pv'),
  at: o.at,
  url: `${SITE}${path}`,
  topics: o.topics ?? [],
  sessionId: o.sessionId ?? 's1',
  visitorId: 'v1',
});

export const engagement = (
  page: LeadEvent,
  o: Base & { engagedMs: number; scrollDepth: number; seq?: number },
): LeadEvent => ({
  type: 'engagement',
  id: o.id ?? nextId('en'),
  at: o.at,
  url: page.url,
  pageId: page.id,
  engagedMs: o.engagedMs,
  scrollDepth: o.scrollDepth,
  seq: o.seq ?? 1,
  sessionId: o.sessionId ?? page.sessionId,
  visitorId: 'v1',
});

export const custom = (name: string, o: Base & { props?: Props }): LeadEvent => ({
  type: 'custom',
  id: o.id ?? nextId('ev'),
  at: o.at,
  name,
  url: `${SITE}/`,
  sessionId: o.sessionId ?? 's1',
  visitorId: 'v1',
  ...(o.props ? { props: o.props } : {}),
});

export const form = (intent: string, o: Base): LeadEvent => ({
  type: 'form',
  id: o.id ?? nextId('fm'),
  at: o.at,
  intent,
  url: `${SITE}/contact`,
  sessionId: o.sessionId ?? 's1',
  visitorId: 'v1',
});

export const identify = (email: string, o: Base & { traits?: Props }): LeadEvent => ({
  type: 'identify',
  id: o.id ?? nextId('id'),
  at: o.at,
  email,
  ...(o.traits ? { traits: o.traits } : {}),
});

export const emailClick = (o: Base & { campaign?: string }): LeadEvent => ({
  type: 'email_click',
  id: o.id ?? nextId('ec'),
  at: o.at,
  campaign: o.campaign ?? 'newsletter-2026-11',
  href: `${SITE}/?utm_medium=email`,
});

export const emailOpen = (o: Base & { campaign?: string }): LeadEvent => ({
  type: 'email_open',
  id: o.id ?? nextId('eo'),
  at: o.at,
  campaign: o.campaign ?? 'newsletter-2026-11',
});

export const download = (fileName: string, o: Base): LeadEvent => ({
  type: 'download',
  id: o.id ?? nextId('dl'),
  at: o.at,
  href: `${SITE}/files/${fileName}`,
  fileName,
  fileExt: fileName.split('.').pop() ?? '',
  url: `${SITE}/resources/`,
  sessionId: o.sessionId ?? 's1',
  visitorId: 'v1',
});

export const sales = (action: 'accept' | 'reject' | 'won' | 'lost', o: Base): LeadEvent => ({
  type: 'sales',
  id: o.id ?? nextId('sa'),
  at: o.at,
  action,
});
