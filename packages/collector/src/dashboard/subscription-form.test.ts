import { describe, expect, it } from 'vitest';
import type { Subscription } from '../webhooks/subscriptions';
import { validateFields } from './form';
import { destinationWords, routingWords, signalWords } from './notification-words';
import { subscriptionFields, subscriptionFormSchema, subscriptionFromForm } from './subscription-form';

const CHOICES = { bands: ['cold', 'warm', 'hot'], sites: ['acme', 'beta'] };

const koala: Subscription = {
  id: 'a'.repeat(32),
  name: 'Accounts reading pricing',
  url: 'https://hooks.slack.com/services/T/B/secret',
  format: 'slack',
  kinds: ['signal'],
  bands: null,
  stages: null,
  axes: null,
  sites: ['acme'],
  direction: 'both',
  includeAnonymous: false,
  topics: null,
  countries: ['DE'],
  companies: null,
  owners: ['jo', null],
  minScoreChange: null,
  cooldownHours: 24,
  signal: { eventTypes: ['pageview'], topics: ['pricing'], known: true, minCompanyPeople: 2 },
  active: true,
  createdAt: 1,
  updatedAt: null,
};

describe('the subscription form', () => {
  it('gives back a subscription as it was when nothing is changed', () => {
    const parsed = validateFields(subscriptionFormSchema(CHOICES), subscriptionFields(koala));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { id, active, createdAt, updatedAt, ...settings } = koala;
    expect(subscriptionFromForm(parsed.value)).toEqual(settings);
  });

  it('starts a new one at hot leads, upwards', () => {
    const parsed = validateFields(subscriptionFormSchema(CHOICES), {
      ...subscriptionFields(undefined, 'hot'),
      name: 'Sales',
      url: 'https://crm.example/hook',
    });
    expect(parsed.ok && subscriptionFromForm(parsed.value)).toMatchObject({
      kinds: ['band_changed'],
      bands: ['hot'],
      direction: 'up',
      format: 'json',
      signal: null,
      cooldownHours: null,
    });
  });

  it('says in words who hears what, without the secret part of the address', () => {
    expect(signalWords(koala)).toBe(
      'page view on pricing by a known lead from a company with ≥ 2 known people',
    );
    expect(routingWords(koala)).toEqual([
      'Hears about single signals',
      'From DE',
      'Owned by jo or nobody',
      'Sites: acme',
      'Signal: page view on pricing by a known lead from a company with ≥ 2 known people',
      'Known leads only',
      'At most one message per lead every 24 hours',
    ]);
    expect(destinationWords(koala)).toBe('Slack · hooks.slack.com');
  });
});
