import { describe, expect, it } from 'vitest';
import { FORM_ERROR, formState } from '../form';
import { ErrorSummary, formView } from './form-fields';

/** The summary's heading, tags dropped. */
function heading(errors: Record<string, string>): string | undefined {
  const html = String(ErrorSummary({ form: formView('site', formState({}, errors)) }) ?? '');
  return /<strong>(.*?)<\/strong>/.exec(html)?.[1];
}

describe('the error summary', () => {
  it('counts its problems as the dashboard counts everything (plural)', () => {
    expect(heading({ origins: 'expected an origin' })).toBe('1 problem: nothing was saved.');
    expect(heading({ origins: 'expected an origin', [FORM_ERROR]: 'the site changed meanwhile' })).toBe(
      '2 problems: nothing was saved.',
    );
  });

  it('is not there without problems', () => {
    expect(heading({})).toBeUndefined();
  });
});
