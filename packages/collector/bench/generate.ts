/**
 * Synthetic lead histories for the benchmarks: deterministic (seeded), with the event mix of a B2B
 * site (mostly page views and engagement, some downloads, forms, e-mail and identification) spread
 * over four months in sessions.
 */
import type { LeadEvent } from '../src/scoring/events';

const DAY = 86_400_000;
export const SITE = 'https://acme.example';
const PATHS = [
  ...Array.from({ length: 60 }, (_, i) => `/product/feature-${i}`),
  ...Array.from({ length: 100 }, (_, i) => `/blog/post-${i}`),
  '/pricing',
  '/pricing/enterprise',
  '/costs',
  '/',
  '/about',
  '/careers/engineer',
  '/contact',
  '/?utm_medium=email&utm_source=newsletter',
];

/** mulberry32: small, fast, good enough for synthetic data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` events of one lead, in time order, starting at `start`. */
export function leadHistory(lead: number, count: number, start: number, random: () => number): LeadEvent[] {
  const events: LeadEvent[] = [];
  let at = start + Math.floor(random() * 10 * DAY);
  let session = 0;
  let page: LeadEvent | undefined;
  for (let i = 0; i < count; i++) {
    // New session every ~6 events, days apart; within a session seconds to minutes apart.
    if (random() < 0.16) {
      session++;
      at += Math.floor(random() * 12 * DAY);
    } else at += Math.floor(random() * 120_000);
    const base = { id: `l${lead}-e${i}`, at, visitorId: `v${lead}`, sessionId: `v${lead}-s${session}` };
    const r = random();
    let e: LeadEvent;
    if (r < 0.45 || page === undefined) {
      const path = PATHS[Math.floor(random() * PATHS.length)] as string;
      e = { ...base, type: 'pageview', url: `${SITE}${path}`, topics: [] };
      page = e;
    } else if (r < 0.75) {
      e = {
        ...base,
        type: 'engagement',
        url: page.url,
        pageId: page.id,
        engagedMs: Math.floor(random() * 30_000),
        scrollDepth: Math.floor(random() * 101),
        seq: i,
      };
    } else if (r < 0.83) {
      const name = ['video_watched', 'product_check_completed', 'cta_click', 'tab_open'][
        Math.floor(random() * 4)
      ] as string;
      e = { ...base, type: 'custom', name, url: page.url, props: { plan: 'team', seats: 12 } };
    } else if (r < 0.87) {
      const file = ['whitepaper.pdf', 'pricelist.xlsx', 'logo.png'][Math.floor(random() * 3)] as string;
      e = {
        ...base,
        type: 'download',
        url: page.url,
        href: `${SITE}/files/${file}`,
        fileName: file,
        fileExt: file.split('.')[1] as string,
      };
    } else if (r < 0.89) {
      const intent = ['demo_request', 'contact', 'newsletter'][Math.floor(random() * 3)] as string;
      e = { ...base, type: 'form', url: `${SITE}/contact`, intent };
    } else if (r < 0.91) {
      const domain = ['customer-corp.example', 'gmail.com', 'web.de', `firm${lead % 500}.example`][
        Math.floor(random() * 4)
      ];
      const title = ['CTO', 'Head of IT', 'Engineer', 'Student', 'Marketing Manager'][
        Math.floor(random() * 5)
      ] as string;
      e = {
        id: base.id,
        at,
        type: 'identify',
        email: `p${lead}@${domain}`,
        traits: { title, company: 'Firm' },
      };
    } else if (r < 0.97) {
      e = {
        id: base.id,
        at,
        type: random() < 0.6 ? 'email_open' : 'email_click',
        campaign: `nl-${session % 6}`,
      };
    } else {
      e = {
        ...base,
        type: random() < 0.5 ? 'outbound' : 'mailto',
        url: page.url,
        href: 'mailto:sales@acme.example',
      };
    }
    events.push(e);
  }
  return events;
}

/** `leads` histories of `perLead` events each. */
export function population(leads: number, perLead: number, seed = 1): LeadEvent[][] {
  const random = rng(seed);
  const start = Date.UTC(2026, 6, 1);
  return Array.from({ length: leads }, (_, lead) => leadHistory(lead, perLead, start, random));
}
