import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, STUDENT_TITLE } from './default-model';
import { describeRule } from './describe';
import { scoreLead } from './engine';
import { day, download, emailClick, form, identify, pageview } from './test-helpers';

const rule = (id: string) => {
  const found = DEFAULT_MODEL.rules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

describe('describeRule', () => {
  it('puts a rule in one line', () => {
    expect(describeRule(rule('engaged-product-page'))).toBe(
      'engagement (topic product or product-*, engaged ≥ 30 s, scroll ≥ 75 %) → +5 interest, once per day, half-life 30 d',
    );
    expect(describeRule(rule('student'))).toBe(
      `identify (title matching /${STUDENT_TITLE}/i) → −30 fit, disqualifies, once`,
    );
    expect(describeRule(rule('inactive-90-days'))).toBe('no visit for 90 days → reset interest and intent');
    expect(describeRule(rule('content-download'))).toBe(
      'download (file type pdf or docx or xlsx or pptx or zip) → +10 interest, at most 30 points, expires after 180 d',
    );
  });

  it('every default rule has a description and a one-line summary', () => {
    for (const r of DEFAULT_MODEL.rules) {
      expect(r.description).toBeTruthy();
      expect(describeRule(r)).toMatch(/ → (reset|[−+]\d)/);
    }
  });
});

describe('ledger reasons', () => {
  it('say in words why each line exists', () => {
    const result = scoreLead(
      [
        emailClick({ at: day(0), campaign: 'november' }),
        pageview('/pricing?plan=team', { at: day(0) + 1 }),
        download('guide.pdf', { at: day(0) + 2 }),
        form('demo_request', { at: day(0) + 3 }),
        // A minute later: an identity counts a few seconds early (IDENTITY_WINDOW_MS), not more.
        identify('anna@customer.example', { at: day(0) + 60_000 }),
      ],
      DEFAULT_MODEL,
      day(40),
    );
    expect(result.ledger.map((l) => l.reason)).toEqual([
      'Clicked a link in e-mail november',
      'Viewed /pricing (topic pricing)',
      'Downloaded guide.pdf',
      'Submitted a demo request form',
      'Identified as anna@customer.example',
      expect.stringMatching(/^No visit for 30 days \(since \d{4}-\d\d-\d\d\)$/),
    ]);
    expect(result.ledger.slice(0, 4).every((l) => l.anonymous)).toBe(true);
    expect(result.ledger[4]?.anonymous).toBe(false);
  });
});
