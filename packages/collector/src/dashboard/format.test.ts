import { describe, expect, it } from 'vitest';
import { duration, plural, points, relativeTime, signedPoints } from './format';

const MIN = 60_000;
const DAY = 86_400_000;

describe('dashboard wording', () => {
  it('writes points with at most two decimals and a real minus sign', () => {
    expect(points(15)).toBe('15');
    expect(points(7.456)).toBe('7.46');
    expect(points(-20)).toBe('−20');
    expect(signedPoints(5)).toBe('+5');
    expect(signedPoints(-0.5)).toBe('−0.5');
    expect(signedPoints(0.001)).toBe('0');
  });

  it('writes a count with its noun, singular for one, the number grouped as elsewhere', () => {
    expect(plural(1, 'event')).toBe('1 event');
    expect(plural(0, 'event')).toBe('0 events');
    expect(plural(2, 'event')).toBe('2 events');
    expect(plural(1240, 'event')).toBe('1,240 events');
    expect(plural(1, 'person', 'people')).toBe('1 person');
    expect(plural(3, 'person', 'people')).toBe('3 people');
  });

  it('says how long ago, coarsely, in both directions', () => {
    const now = 1_800_000_000_000;
    expect(relativeTime(now - 30_000, now)).toBe('just now');
    expect(relativeTime(now - 5 * MIN, now)).toBe('5 min ago');
    expect(relativeTime(now - 3 * 60 * MIN, now)).toBe('3 h ago');
    expect(relativeTime(now - 2 * DAY, now)).toBe('2 d ago');
    expect(relativeTime(now - 90 * DAY, now)).toBe('3 mo ago');
    expect(relativeTime(now - 800 * DAY, now)).toBe('2 y ago');
    expect(relativeTime(now + 29 * DAY, now)).toBe('in 29 d');
  });

  it('writes engaged time', () => {
    expect(duration(42_000)).toBe('42 s');
    expect(duration(185_000)).toBe('3 min 5 s');
    expect(duration(120_000)).toBe('2 min');
    expect(duration(3_720_000)).toBe('1 h 2 min');
  });
});
