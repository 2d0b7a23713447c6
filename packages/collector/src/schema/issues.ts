import type { BaseIssue } from 'valibot';

/**
 * Formats valibot issues as `path: message` lines, e.g. `e[2].ts: expected a number`, so a client
 * sees exactly which field was wrong.
 */
export function formatIssues(issues: readonly BaseIssue<unknown>[], limit = 5): string {
  return issues
    .slice(0, limit)
    .map((issue) => {
      const path = issuePath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

function issuePath(issue: BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
