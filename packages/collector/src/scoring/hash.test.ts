import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from './default-model';
import { canonicalJson, modelHash } from './hash';
import type { ScoringModel } from './model';

describe('modelHash', () => {
  it('is the SHA-256 of the canonical JSON, in hex', async () => {
    const model = { version: 'v1', stages: { mql: [] }, rules: [], bands: [] } as unknown as ScoringModel;
    expect(canonicalJson(model)).toBe('{"bands":[],"rules":[],"stages":{"mql":[]},"version":"v1"}');
    // sha256sum of the line above.
    expect(await modelHash(model)).toBe('cc0fb3812ed86de353e7eb6f46667c45737495d9548f6f7208d3ee0a39f73604');
  });

  it('does not depend on key order or absent fields, but on every value', async () => {
    const reordered = Object.fromEntries(Object.entries(DEFAULT_MODEL).reverse()) as ScoringModel;
    const withAbsent = {
      ...reordered,
      competitors: undefined,
      freeMailDomains: undefined,
    } as unknown as ScoringModel;
    const { competitors: _, ...withoutCompetitors } = DEFAULT_MODEL;
    expect(await modelHash(withAbsent)).toBe(await modelHash(withoutCompetitors));
    expect(await modelHash(reordered)).toBe(await modelHash(DEFAULT_MODEL));
    const changed = structuredClone(DEFAULT_MODEL);
    (changed.rules[0] as { points: number }).points += 1;
    expect(await modelHash(changed)).not.toBe(await modelHash(DEFAULT_MODEL));
  });

  it('canonical JSON sorts keys recursively and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: undefined }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[2,{"f":1}]},"b":1}',
    );
  });
});
