/**
 * The account model leadbeacon ships with: the same engine and model format as a lead's, fed the
 * events of every member of an account (its people and the anonymous visitors from its network),
 * each event carrying its member. Every value cites where it comes from.
 *
 * The scale follows Demandbase's Engagement Minutes, the account measure its journey stages are
 * defined on: "Engaged" at 10 or more engagement minutes in 3 months, "MQA" at 100 or more
 * marketing engagement minutes in 3 months (support.demandbase.com 360053277611). A point here is
 * about an engagement minute, and every behavioural point expires after 90 days, so a threshold
 * on the total is a threshold "in 3 months". Single signals keep the seeds' values (DESIGN table),
 * counted per person: three people reading the pricing page are three signals, one person reading
 * it three times a day is one.
 */

import type { ScoringModel } from './model';
import { assertModel } from './model-schema';

/** Demandbase: journey stages look at the last 3 months of engagement. */
const THREE_MONTHS = { expiresAfterDays: 90 };

/** A company size given as a number or a range that starts above 50 (`51-200`, `250`, `1001-5000`). */
const SIZE_ABOVE_50 = '^\\s*(5[1-9]|[6-9]\\d|[1-9]\\d{2,})(\\D|$)';

const DEFAULT_ACCOUNT_MODEL_INPUT: ScoringModel = {
  version: 'account-default-2026.11',
  name: 'leadbeacon default account model',
  // The lead model's URL mapping, so that account rules see the same topics as lead rules.
  topics: [
    { topic: 'pricing', urls: ['/pricing*', '/prices*', '/costs*', '/plans*'] },
    { topic: 'product', urls: ['/product', '/product/*', '/products/*', '/features*', '/solutions/*'] },
    { topic: 'careers', urls: ['/careers*', '/jobs*'] },
    { topic: 'blog', urls: ['/blog/*', '/articles/*', '/resources/*'] },
  ],
  rules: [
    // --- Interest: what the members read ---------------------------------------------------------
    {
      id: 'account-topic-page',
      description: 'A member viewed a product or content page: +1 per person, topic and day.',
      on: 'pageview',
      when: { topic: ['product', 'product-*', 'blog', 'blog-*'] },
      axis: 'interest',
      // DESIGN: "page view on a topic page +1 to +2 (per topic)", once a day per topic as in the lead model;
      // per person, because another person reading it is another signal.
      points: 1,
      perTopic: true,
      perMember: true,
      frequency: 'once_per_day',
      decay: THREE_MONTHS,
    },
    {
      id: 'account-engaged-minute',
      description: 'A member read a page for a minute or more.',
      on: 'engagement',
      when: { engagedSeconds: 60 },
      axis: 'interest',
      // Demandbase Engagement Minutes: a minute of engaged reading is worth about one minute.
      points: 1,
      perMember: true,
      decay: THREE_MONTHS,
    },
    {
      id: 'account-download',
      description: 'A member downloaded a whitepaper, template or price list.',
      on: 'download',
      when: { fileExt: ['pdf', 'docx', 'xlsx', 'pptx', 'zip'] },
      axis: 'interest',
      // DESIGN table: whitepaper or template download +10; three documents per person at most (as the lead model).
      points: 10,
      perMember: true,
      maxPoints: 30,
      decay: THREE_MONTHS,
    },
    {
      id: 'account-video',
      description: 'A member watched an instruction video.',
      on: ['custom', 'server'],
      when: { eventName: ['video_watched', 'video_complete'] },
      axis: 'interest',
      // DESIGN table: instruction video watched +15.
      points: 15,
      perMember: true,
      frequency: 'once_per_day',
      decay: THREE_MONTHS,
    },
    // --- Interest: the buying group ----------------------------------------------------------------
    {
      id: 'account-second-person',
      description: 'A second person of the account is active within 3 months.',
      on: ['pageview', 'engagement', 'download', 'form', 'custom'],
      when: { members: { gte: 2, withinDays: 90 } },
      axis: 'interest',
      // Research (peers 2026-11, §3.1): buying groups, "distinct people" is the account signal the
      // market scores; a second person is worth a whitepaper (+10, DESIGN table). Re-armed every 3 months.
      points: 10,
      everyDays: 90,
      decay: THREE_MONTHS,
    },
    {
      id: 'account-third-person',
      description: 'A third person of the account is active within 3 months.',
      on: ['pageview', 'engagement', 'download', 'form', 'custom'],
      when: { members: { gte: 3, withinDays: 90 } },
      axis: 'interest',
      // A buying group rather than a pair: worth a contact request (+15, DESIGN table).
      points: 15,
      everyDays: 90,
      decay: THREE_MONTHS,
    },
    {
      id: 'account-active-days',
      description: 'The account came back on three different days within a month.',
      on: ['pageview', 'engagement', 'download', 'form', 'custom'],
      when: { activeDays: { gte: 3, withinDays: 30 } },
      axis: 'interest',
      // DESIGN lists return visits as behaviour; three days in a month is a return pattern, +5 (a contact click's worth).
      points: 5,
      everyDays: 30,
      decay: THREE_MONTHS,
    },
    {
      id: 'account-topic-breadth',
      description: 'The account read about three or more topics within 3 months.',
      on: ['pageview', 'engagement'],
      when: { topicCount: { gte: 3, withinDays: 90 } },
      axis: 'interest',
      // Research (peers 2026-11, §3.1): "breadth" of the buying group's reading; +10 like a download.
      points: 10,
      everyDays: 90,
      decay: THREE_MONTHS,
    },
    // --- Intent: buying signals by any member --------------------------------------------------------
    {
      id: 'account-pricing-page',
      description: 'A member read the pricing or costs page.',
      on: 'pageview',
      when: { topic: 'pricing' },
      axis: 'intent',
      // DESIGN table: cost page read +15; once a day per person.
      points: 15,
      perMember: true,
      frequency: 'once_per_day',
      decay: THREE_MONTHS,
    },
    {
      id: 'account-demo-request',
      description: 'A member requested a demo.',
      on: 'form',
      when: { formIntent: ['demo_request', 'demo'] },
      axis: 'intent',
      // DESIGN table: demo request +25 to +50; the lead model's +40.
      points: 40,
      frequency: 'once_per_day',
      decay: THREE_MONTHS,
    },
    {
      id: 'account-contact-request',
      description: 'A member sent a contact or quote request.',
      on: 'form',
      when: { formIntent: ['contact', 'contact_request', 'quote_request'] },
      axis: 'intent',
      // DESIGN table: contact request +15.
      points: 15,
      frequency: 'once_per_day',
      decay: THREE_MONTHS,
    },
    {
      id: 'account-trial',
      description: 'A member signed up for a trial.',
      on: 'form',
      when: { formIntent: ['trial', 'trial_signup'] },
      axis: 'intent',
      // The lead model's trial sign-up (+25, the lower end of DESIGN's demo range).
      points: 25,
      perMember: true,
      frequency: 'once',
      decay: THREE_MONTHS,
    },
    {
      id: 'account-product-check',
      description: 'A member completed the product check or configurator.',
      on: ['custom', 'server'],
      when: { eventName: ['product_check_completed', 'configurator_completed'] },
      axis: 'intent',
      // DESIGN table: product configurator/check completed +15.
      points: 15,
      perMember: true,
      frequency: 'once_per_day',
      decay: THREE_MONTHS,
    },
    // --- Fit: the company, from its people's forms or the account profile -----------------------------
    {
      id: 'account-company-size',
      description: 'The company has more than 50 employees.',
      on: 'identify',
      when: { traits: { company_size: { regex: SIZE_ABOVE_50 } } },
      axis: 'fit',
      // DESIGN lists company size as fit data; +10 like a leadership title in the lead model.
      points: 10,
      frequency: 'once',
    },
    {
      id: 'account-profile-given',
      description: 'The industry or the company size is known.',
      on: 'identify',
      when: {
        anyOf: [{ traits: { industry: { exists: true } } }, { traits: { company_size: { exists: true } } }],
      },
      axis: 'fit',
      // DESIGN table: "job title and/or company given +5", for the company's own profile.
      points: 5,
      frequency: 'once',
    },
    // --- Recency --------------------------------------------------------------------------------------
    {
      id: 'account-inactive-30-days',
      description: 'A month without a visit by any member.',
      on: 'inactivity',
      inactivityDays: 30,
      axis: 'interest',
      // DESIGN table: a month without a visit −20.
      points: -20,
    },
  ],
  bands: [
    {
      on: 'total',
      // DESIGN bands (cold 0–25 · warm 26–50 · hot 51+) with Demandbase's "Engaged" at 10 engagement minutes.
      levels: [
        { name: 'cold', min: 0 },
        { name: 'engaged', min: 10 },
        { name: 'warm', min: 26 },
        { name: 'hot', min: 51 },
      ],
      // As the lead model: 3 points ≈ one small signal.
      hysteresis: 3,
    },
  ],
  stages: {
    // Demandbase MQA: ≥ 100 marketing engagement minutes in 3 months; or hot with a buying signal.
    mql: [{ total: 100 }, { total: 51, intent: 40 }],
    // Demandbase qualifies accounts on engagement alone: an account is an MQA before anyone gave an address.
    requireKnown: false,
    recycleBelow: 26,
  },
};

/** The shipped account model, validated at load. */
export const DEFAULT_ACCOUNT_MODEL: ScoringModel = assertModel(DEFAULT_ACCOUNT_MODEL_INPUT);
