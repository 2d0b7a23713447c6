import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_MODEL } from './default-account-model';
import { DEFAULT_MODEL } from './default-model';
import type { Rule } from './model';
import { longestWindowDays, ruleWindowDays } from './windows';

const rule = (r: Partial<Rule>): Rule => ({ id: 'r', on: 'pageview', axis: 'interest', points: 1, ...r });

describe('a model’s longest window', () => {
  it('takes expiries, everyDays, withinDays (anyOf too) and inactivity plus its expiry', () => {
    expect(ruleWindowDays(rule({}))).toBe(0);
    expect(ruleWindowDays(rule({ decay: { halfLifeDays: 30 } }))).toBe(0);
    expect(ruleWindowDays(rule({ decay: { halfLifeDays: 7, expiresAfterDays: 120 } }))).toBe(120);
    expect(ruleWindowDays(rule({ everyDays: 45 }))).toBe(45);
    expect(ruleWindowDays(rule({ when: { activeDays: { gte: 2, withinDays: 14 } } }))).toBe(14);
    expect(
      ruleWindowDays(
        rule({
          when: { topic: 'x', anyOf: [{ members: { gte: 2, withinDays: 60 } }, { topicCount: { gte: 2 } }] },
        }),
      ),
    ).toBe(60);
    expect(
      ruleWindowDays(
        rule({
          on: 'inactivity',
          axis: 'interest',
          points: -20,
          inactivityDays: 30,
          decay: { expiresAfterDays: 90 },
        }),
      ),
    ).toBe(120);
  });

  it('is 180 days for the default lead model and 90 for the default account model', () => {
    expect(longestWindowDays(DEFAULT_MODEL)).toBe(180);
    expect(longestWindowDays(DEFAULT_ACCOUNT_MODEL)).toBe(90);
    expect(longestWindowDays({ rules: [] })).toBe(0);
  });
});
