import { describe, expect, it } from 'vitest';
import { leadAddress, normalizeEmail, normalizeTopics } from './normalize';

describe('normalisation', () => {
  it('normalises addresses and, when the model says so, drops plus tags', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(leadAddress('Ada+News@Example.com')).toBe('ada+news@example.com');
    expect(leadAddress('Ada+News@Example.com', 'strip')).toBe('ada@example.com');
    expect(leadAddress('+x@example.com', 'strip')).toBe('+x@example.com');
    expect(leadAddress('a@b+c.example', 'strip')).toBe('a@b+c.example');
  });

  it('lower-cases topics and drops blanks and duplicates', () => {
    expect(normalizeTopics([' Pricing', 'pricing', '', 'Product-X'])).toEqual(['pricing', 'product-x']);
    expect(normalizeTopics(undefined)).toEqual([]);
  });
});
