import { describe, expect, it } from 'vitest';
import { compileModel } from './compile';
import { DEFAULT_MODEL } from './default-model';
import { scoreLead } from './engine';
import { day, identify } from './test-helpers';

const model = compileModel(DEFAULT_MODEL);

/** Which default title rules a title fires, told by an identify with that title. */
function titleRules(title: string): { student: boolean; leadership: boolean } {
  const result = scoreLead(
    [identify('someone@customer.example', { at: day(0), traits: { title } })],
    model,
    day(0),
  );
  const fired = new Set(result.ledger.map((l) => l.ruleId));
  return { student: fired.has('student'), leadership: fired.has('leadership-title') };
}

// Real titles, as people type them into forms and CRMs: [title, disqualified as student, leadership].
const TITLES: [string, boolean, boolean][] = [
  // Students, interns and trainees, English, Dutch and German.
  ['Student', true, false],
  ['student', true, false],
  ['Working student', true, false],
  ['Werkstudent', true, false],
  ['Werkstudentin Vertrieb', true, false],
  ['Stagiair', true, false],
  ['Stagiaire marketing', true, false],
  ['Stagiair HR', true, false],
  ['Afstudeerder', true, false],
  ['Afstudeerstagiair Data Science', true, false],
  ['Intern', true, false],
  ['Marketing Intern', true, false],
  ['Summer intern', true, false],
  ['Software Engineering Intern', true, false],
  ['Lead Generation Intern', true, false],
  ['Customer Success Intern', true, false],
  ['Trainee', true, false],
  ['Graduate Trainee', true, false],
  ['Student intern', true, false],
  ['PhD student', true, false],
  ['MBA Student', true, false],
  ['Intern to the CEO', true, false],
  // Staff who work for students, and words that merely contain "intern".
  ['Director of Student Services', false, true],
  ['Head of Student Affairs', false, true],
  ['Student Success Manager', false, false],
  ['Internship Coordinator', false, false],
  ['Studentenadviseur', false, false],
  ['Student Recruitment Officer', false, false],
  ['Internal Auditor', false, false],
  ['International Sales Manager', false, false],
  ['Training Manager', false, false],
  // Leadership: C-level abbreviations, heads, directors, founders, owners; English and Dutch.
  ['CEO', false, true],
  ['CFO', false, true],
  ['CIO', false, true],
  ['CTO', false, true],
  ['COO', false, true],
  ['CMO', false, true],
  ['Chief Executive Officer', false, true],
  ['Co-founder & CEO', false, true],
  ['VP Sales', false, true],
  ['Vice President Operations', false, true],
  ['Head of IT', false, true],
  ['Managing Director', false, true],
  ['Directeur', false, true],
  ['Algemeen directeur', false, true],
  ['DGA', false, true],
  ['Eigenaar', false, true],
  ['Mede-eigenaar', false, true],
  ['Oprichter', false, true],
  ['Hoofd Inkoop', false, true],
  ['Owner', false, true],
  // Not leadership: roles that own a thing, assist a leader, or manage without leading the company.
  ['Product Owner', false, false],
  ['Process owner', false, false],
  ['Assistant to the CEO', false, false],
  ['Executive Assistant to the CFO', false, false],
  ['Directiesecretaresse', false, false],
  ['Project Manager', false, false],
  ['Account Manager', false, false],
  ['Office Manager', false, false],
  ['Software Engineer', false, false],
];

describe('default title rules on real titles', () => {
  it('covers at least 40 titles', () => {
    expect(TITLES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(TITLES)('%s → student %s, leadership %s', (title, student, leadership) => {
    expect(titleRules(title)).toEqual({ student, leadership });
  });
});
