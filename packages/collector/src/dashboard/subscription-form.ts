/**
 * A webhook or Slack subscription as a form: what to hear about, which leads (routing), how often
 * (cooldown) and single-signal alerts, read through the form layer. The same checks as the API's
 * (webhooks/settings.ts) run on the result; their message lands next to the field it is about.
 */
import * as v from 'valibot';
import { STAGES } from '../scoring';
import type { SignalConditions } from '../webhooks/match';
import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  SCORE_AXES,
  SIGNAL_EVENT_TYPES,
} from '../webhooks/notification';
import type { NewSubscription, Subscription } from '../webhooks/subscriptions';
import { checkbox, choice, choices, type FieldValues, list, optionalNumber, text } from './form';

export const KIND_LABELS: Record<NotificationKind, string> = {
  band_changed: 'A lead changes band (e.g. becomes hot)',
  stage_changed: 'A lead changes stage (e.g. becomes an MQL)',
  identified: 'A visitor is identified',
  disqualified: 'A lead is disqualified',
  signal: 'A single signal: one event, under the conditions below',
  account_band_changed: 'An account changes band (several people of one company)',
  account_stage_changed: 'An account changes stage (e.g. becomes an MQA)',
};

export const SIGNAL_TYPE_LABELS: Record<(typeof SIGNAL_EVENT_TYPES)[number], string> = {
  pageview: 'Page view',
  download: 'Download',
  form: 'Form sent',
  custom: 'Custom event',
  server: 'Server event',
  mailto: 'E-mail link clicked',
  tel: 'Phone link clicked',
  email_click: 'Newsletter link clicked',
  email_open: 'Newsletter opened',
};

/** The choices a subscription form offers: the model's band names and the configured sites. */
export type SubscriptionChoices = { bands: readonly string[]; sites: readonly string[] };

const names = (max: number, itemMax: number) => list({ max, itemMax });

/** The form's schema; its band and site options come from the model and the configuration. */
export function subscriptionFormSchema(options: SubscriptionChoices) {
  return v.object({
    name: text({ max: 100, requiredMessage: 'Name the subscription, e.g. Sales — hot leads' }),
    url: text({
      max: 2000,
      requiredMessage: 'Enter the address to send to (a Slack incoming-webhook URL works)',
    }),
    format: choice(['slack', 'json'] as const, 'Choose Slack or JSON'),
    kinds: choices(NOTIFICATION_KINDS, { min: 1, minMessage: 'Choose at least one thing to hear about' }),
    bands: choices(options.bands),
    stages: choices(STAGES),
    axes: choices(SCORE_AXES),
    direction: choice(['up', 'down', 'both'] as const),
    sites: choices(options.sites),
    topics: names(50, 64),
    countries: list({
      max: 50,
      itemMax: 2,
      item: { pattern: /^[A-Za-z]{2}$/, message: 'Not a two-letter country code' },
    }),
    companies: names(50, 100),
    owners: names(50, 200),
    unowned: checkbox(),
    minScoreChange: optionalNumber({ min: 0.01, max: 10_000 }),
    cooldownHours: optionalNumber({ min: 0.01, max: 8760 }),
    includeAnonymous: checkbox(),
    signal: v.optional(
      v.object({
        eventTypes: choices(SIGNAL_EVENT_TYPES),
        topics: names(50, 64),
        intents: names(50, 64),
        eventNames: names(50, 64),
        known: choice(['', 'known', 'anonymous'] as const),
        minCompanyPeople: optionalNumber({ min: 1, max: 10_000, integer: true }),
      }),
      { eventTypes: '', topics: '', intents: '', eventNames: '', known: '', minCompanyPeople: '' },
    ),
  });
}
export type SubscriptionForm = v.InferOutput<ReturnType<typeof subscriptionFormSchema>>;

/** The options of a form for `s`: its own bands and sites stay offered even if the model or configuration dropped them. */
export function choicesFor(base: SubscriptionChoices, s?: Subscription): SubscriptionChoices {
  return {
    bands: [...new Set([...base.bands, ...(s?.bands ?? [])])],
    sites: [...new Set([...base.sites, ...(s?.sites ?? [])])],
  };
}

/** The fields for a subscription, or the defaults of a new one (hot leads, upwards). */
export function subscriptionFields(s?: Subscription, topBand = 'hot'): FieldValues {
  if (!s) {
    return {
      format: 'json',
      kinds: ['band_changed'],
      bands: [topBand],
      direction: 'up',
      'signal.known': '',
    };
  }
  const signal = s.signal ?? {};
  const values: FieldValues = {
    name: s.name,
    url: s.url,
    format: s.format,
    kinds: [...s.kinds],
    bands: [...(s.bands ?? [])],
    stages: [...(s.stages ?? [])],
    axes: [...(s.axes ?? [])],
    direction: s.direction,
    sites: [...(s.sites ?? [])],
    topics: (s.topics ?? []).join(', '),
    countries: (s.countries ?? []).join(', '),
    companies: (s.companies ?? []).join(', '),
    owners: (s.owners ?? []).filter((o): o is string => o !== null).join(', '),
    'signal.eventTypes': [...(signal.eventTypes ?? [])],
    'signal.topics': (signal.topics ?? []).join(', '),
    'signal.intents': (signal.intents ?? []).join(', '),
    'signal.eventNames': (signal.eventNames ?? []).join(', '),
    'signal.known': signal.known === undefined ? '' : signal.known ? 'known' : 'anonymous',
  };
  if (s.owners?.includes(null)) values.unowned = 'on';
  if (s.minScoreChange !== null) values.minScoreChange = String(s.minScoreChange);
  if (s.cooldownHours !== null) values.cooldownHours = String(s.cooldownHours);
  if (s.includeAnonymous) values.includeAnonymous = 'on';
  if (signal.minCompanyPeople !== undefined)
    values['signal.minCompanyPeople'] = String(signal.minCompanyPeople);
  return values;
}

/** An empty list is no condition. */
const orNull = <T>(xs: readonly T[]): T[] | null => (xs.length > 0 ? [...xs] : null);

/** The subscription a form describes (before the shared checks of webhooks/settings.ts). */
export function subscriptionFromForm(f: SubscriptionForm): NewSubscription {
  const sig = f.signal;
  const signal: SignalConditions = {
    ...(sig.eventTypes.length > 0 ? { eventTypes: sig.eventTypes } : {}),
    ...(sig.topics.length > 0 ? { topics: sig.topics } : {}),
    ...(sig.intents.length > 0 ? { intents: sig.intents } : {}),
    ...(sig.eventNames.length > 0 ? { eventNames: sig.eventNames } : {}),
    ...(sig.known !== '' ? { known: sig.known === 'known' } : {}),
    ...(sig.minCompanyPeople !== undefined ? { minCompanyPeople: sig.minCompanyPeople } : {}),
  };
  const owners: (string | null)[] = [...f.owners, ...(f.unowned ? [null] : [])];
  return {
    name: f.name,
    url: f.url,
    format: f.format,
    kinds: f.kinds,
    bands: orNull(f.bands),
    stages: orNull(f.stages),
    axes: orNull(f.axes),
    direction: f.direction,
    sites: orNull(f.sites),
    topics: orNull(f.topics),
    countries: orNull(f.countries.map((c) => c.toUpperCase())),
    companies: orNull(f.companies),
    owners: orNull(owners),
    minScoreChange: f.minScoreChange ?? null,
    cooldownHours: f.cooldownHours ?? null,
    includeAnonymous: f.includeAnonymous,
    // Conditions without the signal kind are kept out: a form may hold them while the kind is off.
    signal: f.kinds.includes('signal') && Object.keys(signal).length > 0 ? signal : null,
  };
}

/** Where a shared check's problem goes in the form. */
export function problemField(field: 'url' | 'kinds' | 'signal'): string {
  return field === 'signal' ? 'signal.eventTypes' : field;
}
