import type { Principal } from '../../auth/tokens';
import { describeRule, type Rule } from '../../scoring';
import { ErrorSummary, type FormView, Hidden } from '../components/form-fields';
import { Layout } from '../components/layout';
import { RuleFields, ruleFieldLabels } from '../components/rule-fields';

type RulePageProps = {
  principal: Principal;
  /** The rule as the draft holds it; none for a new rule. */
  rule: Rule | undefined;
  form: FormView;
  /** The draft's revision the form was drawn from. */
  rev: number;
  /** Said when the form arrived from a page older than the draft. */
  stale?: boolean;
};

/** GET /dashboard/model/edit/rule?id=…: one rule of the draft as a form (a new one without an id). */
export function RulePage({ principal, rule, form, rev, stale }: RulePageProps) {
  const title = rule ? `Edit rule ${rule.id}` : 'Add a rule';
  return (
    <Layout title={title} principal={principal} current="model">
      <p>
        <a href="/dashboard/model/edit#rules">← The draft's rules</a>
      </p>
      <h1>{title}</h1>
      {stale ? (
        <div class="error" role="alert">
          <p>
            The draft changed since this form was shown (in another tab?). Nothing was saved: check it and
            save again.
          </p>
        </div>
      ) : null}
      {rule ? (
        <p>
          Now: <span class="rule-words">{describeRule(rule)}</span>
        </p>
      ) : (
        <p>A new rule goes to the end of the list, so it applies after the others.</p>
      )}
      <form method="post" action="/dashboard/model/edit/rule" class="rule-form">
        <Hidden name="rev" value={String(rev)} />
        <Hidden name="original" value={rule?.id ?? ''} />
        <ErrorSummary form={form} labels={ruleFieldLabels(form)} />
        <RuleFields form={form} />
        <div class="actions form-end">
          <button type="submit" name="action" value="save">
            {rule ? 'Save the rule in the draft' : 'Add the rule to the draft'}
          </button>
          <button type="submit" name="action" value="rows" class="secondary" formnovalidate>
            More condition rows
          </button>
          <a href="/dashboard/model/edit#rules">Cancel</a>
        </div>
      </form>
    </Layout>
  );
}
