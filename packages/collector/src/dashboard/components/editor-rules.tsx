import { describeRule, type Rule } from '../../scoring';
import { signedPoints } from '../format';
import { Hidden } from './form-fields';
import { TableWrap } from './table-wrap';

/** The link to a rule's form. */
export function ruleHref(id: string): string {
  return `/dashboard/model/edit/rule?id=${encodeURIComponent(id)}`;
}

/** One small POST form: a button acting on one rule of the draft at revision `rev`. */
function RuleAction({
  action,
  rule,
  rev,
  label,
  extra,
  className = 'small secondary',
}: {
  action: 'duplicate' | 'delete' | 'move';
  rule: string;
  rev: number;
  label: string;
  extra?: Record<string, string>;
  className?: string;
}) {
  return (
    <form method="post" action={`/dashboard/model/edit/rule/${action}`} class="inline">
      <Hidden name="rev" value={String(rev)} />
      <Hidden name="id" value={rule} />
      {Object.entries(extra ?? {}).map(([k, v]) => (
        <Hidden name={k} value={v} />
      ))}
      <button type="submit" class={className}>
        {label}
        <span class="sr-only">{` ${rule}`}</span>
      </button>
    </form>
  );
}

/**
 * The draft's rules in the order they apply, each with what it does in words, and the actions a
 * table of rules needs: edit, duplicate, move up or down, delete. Every action is a plain form
 * post of the draft's revision, so a stale page changes nothing.
 */
export function EditorRules({ rules, rev }: { rules: readonly Rule[]; rev: number }) {
  return (
    <TableWrap label="Rules of the draft">
      <table class="editor-rules">
        <caption>{`${rules.length} rules, applied in this order to every event`}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              #
            </th>
            <th scope="col">Rule</th>
            <th scope="col">What it does</th>
            <th scope="col">Axis</th>
            <th scope="col" class="num">
              Points
            </th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r, i) => (
            <tr>
              <td class="num">{String(i + 1)}</td>
              <th scope="row">
                <a href={ruleHref(r.id)}>
                  <code>{r.id}</code>
                </a>
                {r.description ? <div class="small muted">{r.description}</div> : null}
              </th>
              <td>{describeRule(r)}</td>
              <td>{r.axis}</td>
              <td class="num">{signedPoints(r.points)}</td>
              <td>
                <div class="rule-actions">
                  <a class="button small secondary" href={ruleHref(r.id)}>
                    Edit<span class="sr-only">{` ${r.id}`}</span>
                  </a>
                  <RuleAction action="duplicate" rule={r.id} rev={rev} label="Duplicate" />
                  {i > 0 ? (
                    <RuleAction action="move" rule={r.id} rev={rev} label="Up" extra={{ to: 'up' }} />
                  ) : null}
                  {i < rules.length - 1 ? (
                    <RuleAction action="move" rule={r.id} rev={rev} label="Down" extra={{ to: 'down' }} />
                  ) : null}
                  <RuleAction action="delete" rule={r.id} rev={rev} label="Delete" className="small danger" />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
