import type { Context } from 'hono';
import type { AppEnv } from '../app-env';

/**
 * Reading dashboard forms. A screen turns its fields into the JSON its API takes, checks it with
 * the same schema (so a form and an API call are refused for the same reasons, in the same words),
 * and shows each `path: message` problem beside its field with `fieldErrors`.
 */

export type FormBody = Record<string, string | File | (string | File)[]>;

/** A submitted form (urlencoded or multipart); repeated fields (checkbox groups) stay lists. */
export async function readForm(c: Context<AppEnv>): Promise<FormBody> {
  return (await c.req.parseBody({ all: true })) as FormBody;
}

/** A text field, or undefined when absent, repeated or a file. */
export function field(body: FormBody, name: string): string | undefined {
  const v = body[name];
  return typeof v === 'string' ? v : undefined;
}

/** Every value of a repeated field (a group of checkboxes), files left out. */
export function fieldValues(body: FormBody, name: string): string[] {
  const v = body[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string');
}

/** Whether a checkbox was ticked. */
export function checked(body: FormBody, name: string): boolean {
  return fieldValues(body, name).length > 0;
}

/** A list typed into a text area or field: one entry per line or comma, blanks dropped. */
export function listField(body: FormBody, name: string): string[] {
  return (field(body, name) ?? '')
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Problems by field name (`''`: the form as a whole), as the form shows them. */
export type FieldErrors = Record<string, string>;

/**
 * `origins[1]: expected an origin …` → `{ origins: 'entry 2: expected an origin …' }`: each
 * problem under the form field it belongs to (the first part of its path), several joined.
 */
export function fieldErrors(problems: readonly string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const p of problems) {
    const m = /^([A-Za-z_][\w]*)((?:\[\d+\]|\.[\w$-]+)*): (.*)$/s.exec(p);
    const name = m?.[1] ?? '';
    const index = m?.[2] ? /^\[(\d+)\]/.exec(m[2])?.[1] : undefined;
    const text = m ? `${index !== undefined ? `entry ${Number(index) + 1}: ` : ''}${m[3]}` : p;
    out[name] = out[name] ? `${out[name]}; ${text}` : text;
  }
  return out;
}
