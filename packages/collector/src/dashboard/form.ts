import type { Context } from 'hono';
import type { AppEnv } from '../app-env';

export type FormBody = Record<string, string | File | (string | File)[]>;

/** A submitted form (urlencoded or multipart). */
export async function readForm(c: Context<AppEnv>): Promise<FormBody> {
  return (await c.req.parseBody()) as FormBody;
}

/** A text field, or undefined when absent, repeated or a file. */
export function field(body: FormBody, name: string): string | undefined {
  const v = body[name];
  return typeof v === 'string' ? v : undefined;
}
