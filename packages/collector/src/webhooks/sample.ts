import { uid } from '../lib/uid';
import type { LeadNotification } from './notification';
import type { Subscription } from './subscriptions';

/** Lead id of the test route's sample: not a real lead (real ids are 64 hexadecimal characters). */
export const SAMPLE_LEAD_ID = 'sample-lead';

/** A sample lead's change (or, for a subscription to signals only, a signal) that looks like a real one. */
export function sampleNotification(s: Subscription, origin: string): LeadNotification {
  const signalOnly = s.kinds.length === 1 && s.kinds[0] === 'signal';
  const topic = s.signal?.topics?.[0] ?? s.topics?.[0] ?? 'pricing';
  const at = Date.now();
  return {
    id: uid(),
    kind: signalOnly ? 'signal' : 'band_changed',
    at,
    site: s.sites?.[0] ?? 'example',
    leadId: SAMPLE_LEAD_ID,
    lead: {
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      company: 'Example Ltd',
      scores: { interest: 30, intent: 40, fit: 10 },
      total: 80,
      band: 'hot',
      stage: 'mql',
      disqualified: false,
      anonymous: false,
      topics: [topic.replace(/[*?]/g, '') || 'pricing'],
      country: s.countries?.[0] ?? 'GB',
      ...(s.owners?.[0] ? { owner: sampleOwner(s.owners[0]) } : {}),
    },
    scoreChange: { from: 40, to: 80 },
    ...(signalOnly
      ? {
          events: [
            {
              id: uid(),
              type: 'pageview' as const,
              at,
              topics: [topic.replace(/[*?]/g, '') || 'pricing'],
              url: 'https://www.example.com/pricing',
              title: 'Pricing',
            },
          ],
        }
      : {
          change: {
            axis: 'total' as const,
            from: 'warm',
            to: 'hot',
            direction: 'up' as const,
            cause: 'event' as const,
          },
        }),
    why: [
      { rule: 'demo_request', points: 25, reason: 'Requested a demo' },
      { rule: 'pricing_page', points: 15, reason: 'Read the pricing page' },
      { rule: 'video_watched', points: 15, reason: 'Watched the instruction video' },
    ],
    url: `${origin}/dashboard/leads/${SAMPLE_LEAD_ID}`,
    test: true,
  };
}

/** A subscription's owner filter names a user by id or e-mail: the sample lead is owned by that user. */
function sampleOwner(ref: string): { id: string; name: string; email: string } {
  const byEmail = ref.includes('@');
  return {
    id: byEmail ? 'sample-owner' : ref,
    name: 'Sam Seller',
    email: byEmail ? ref : 'sam.seller@example.com',
  };
}
