import { env as bindings, exports } from 'cloudflare:workers';
import { app } from '../src/app';
import type { LeadEvent, Props } from '../src/scoring/events';
import { TOKEN, uid } from './helpers';

export const BASE = 'http://collector.test';

type PageInit = RequestInit & {
  /** Log in with this API token and send its session cookie; null for no cookie. Default: the development token. */
  token?: string | null;
  /** Run the app with these bindings instead of the configured ones (e.g. other API tokens). */
  env?: Env;
};

function fetchApp(request: Request, env: Env | undefined): Promise<Response> {
  return env ? Promise.resolve(app.fetch(request, env)) : exports.default.fetch(request);
}

const sessions = new Map<string, Promise<string>>();

/**
 * The `lb_session=…` cookie of a session opened by logging in with `token` through the login
 * form, as a browser would; one session per token and bindings, reused across a test file.
 */
export function sessionCookie(token: string, env?: Env): Promise<string> {
  const key = `${token}|${env?.LB_API_TOKENS ?? ''}|${env?.LB_ENV ?? ''}`;
  let cookie = sessions.get(key);
  if (!cookie) {
    cookie = login(token, env);
    sessions.set(key, cookie);
  }
  return cookie;
}

/** Logs in with `token` through the login form; the new session's `lb_session=…` cookie. */
export async function login(token: string, env?: Env): Promise<string> {
  const res = await fetchApp(
    new Request(`${BASE}/dashboard/login`, {
      method: 'POST',
      headers: { origin: BASE },
      body: new URLSearchParams({ token }),
      redirect: 'manual',
    }),
    env,
  );
  const value = /^lb_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (res.status !== 303 || !value) throw new Error(`login failed: ${res.status}`);
  return `lb_session=${value}`;
}

/**
 * A browser-like dashboard request: the session cookie, and on POSTs the page's own `Origin`
 * (which every browser sends with a form). Redirects are returned, not followed.
 */
export async function dash(path: string, init: PageInit = {}): Promise<Response> {
  const { token = TOKEN, env, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token && !headers.has('cookie')) headers.set('cookie', await sessionCookie(token, env));
  if (rest.method && rest.method !== 'GET' && !headers.has('origin')) headers.set('origin', BASE);
  return fetchApp(new Request(`${BASE}${path}`, { ...rest, headers, redirect: 'manual' }), env);
}

/** A form post from the dashboard's own pages. */
export function post(path: string, fields: Record<string, string> = {}, init: PageInit = {}) {
  return dash(path, { ...init, method: 'POST', body: new URLSearchParams(fields) });
}

/** Every element of a page with its attributes and text, from workerd's real HTML parser. */
export type Element = { tag: string; attrs: Record<string, string>; text: string };

export async function elements(html: string, selector = '*'): Promise<Element[]> {
  const out: Element[] = [];
  let current: Element | undefined;
  await new HTMLRewriter()
    .on(selector, {
      element(el) {
        current = { tag: el.tagName, attrs: Object.fromEntries(el.attributes), text: '' };
        out.push(current);
      },
      text(t) {
        if (current) current.text += t.text;
      },
    })
    .transform(new Response(html))
    .text();
  return out;
}

/** The text of every element matched by `selector`, each as one string. */
export async function texts(html: string, selector: string): Promise<string[]> {
  const out: string[] = [];
  await new HTMLRewriter()
    .on(selector, {
      element() {
        out.push('');
      },
      text(t) {
        out[out.length - 1] += t.text;
      },
    })
    .transform(new Response(html))
    .text();
  return out.map(decodeEntities);
}

/** HTMLRewriter hands out text as written in the source: entities still encoded. */
export function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const PAGE = 'http://127.0.0.1:8080';

/**
 * A buyer's history under the default model: pricing page (+15 intent), a read product page,
 * product check (+15 intent), video (+15 interest), then an identify with a business address
 * (+5 fit) and a company (+5 fit): 55, hot, MQL. `traits` and `title` may be anything, hostile too.
 */
export function hotHistory(
  email: string,
  traits: Props,
  { at = Date.now() - 3_600_000, title = 'Pricing' }: { at?: number; title?: string } = {},
): LeadEvent[] {
  const pv = uid('ev');
  return [
    { id: pv, at, type: 'pageview', url: `${PAGE}/pricing.html`, topics: ['pricing'], title },
    {
      id: uid('ev'),
      at: at + 40_000,
      type: 'engagement',
      pageId: pv,
      engagedMs: 40_000,
      scrollDepth: 90,
      seq: 1,
      url: `${PAGE}/pricing.html`,
    },
    {
      id: uid('ev'),
      at: at + 60_000,
      type: 'custom',
      name: 'product_check_completed',
      url: `${PAGE}/check.html`,
    },
    {
      id: uid('ev'),
      at: at + 120_000,
      type: 'custom',
      name: 'video_watched',
      url: `${PAGE}/products/flow.html`,
    },
    { id: uid('ev'), at: at + 180_000, type: 'identify', email, traits },
  ];
}

/** Stores a known lead's history in its Durable Object (which indexes it in D1); returns its id. */
export async function seedLead(email: string, events: LeadEvent[], site = 'acme'): Promise<string> {
  const stub = bindings.LEADS.get(bindings.LEADS.idFromName(`l:${site}:${email}`));
  const { leadId } = await stub.absorb({ site, events });
  return leadId;
}

/** The lead's detail straight from its object, to compare pages with. */
export async function detailOf(leadId: string) {
  const detail = await bindings.LEADS.get(bindings.LEADS.idFromString(leadId)).detail();
  if (!detail) throw new Error(`no lead ${leadId}`);
  return detail;
}

/** Form fields as a browser sends them: a name may repeat (a group of checkboxes). */
export type Fields = Record<string, string | string[]>;

/**
 * The fields a browser would submit for the form matched by `form` (a selector) as the page drew
 * it: text inputs and hidden fields, checked boxes and radio buttons, each select's selected option
 * (else its first), textareas. Submit buttons are left out: `submit()` adds the one pressed.
 */
export async function formFields(html: string, form: string): Promise<Fields> {
  const fields: [string, string][] = [];
  let select: { name: string; first?: string; chosen?: string } | undefined;
  let textarea: { name: string; text: string } | undefined;
  const flushSelect = () => {
    if (select) {
      const value = select.chosen ?? select.first;
      if (value !== undefined) fields.push([select.name, value]);
      select = undefined;
    }
  };
  await new HTMLRewriter()
    .on(`${form} input`, {
      element(el) {
        const name = el.getAttribute('name');
        const type = el.getAttribute('type') ?? 'text';
        if (!name || type === 'submit' || type === 'button') return;
        if ((type === 'checkbox' || type === 'radio') && !el.hasAttribute('checked')) return;
        fields.push([name, decodeEntities(el.getAttribute('value') ?? (type === 'checkbox' ? 'on' : ''))]);
      },
    })
    .on(`${form} select`, {
      element(el) {
        flushSelect();
        select = { name: el.getAttribute('name') ?? '' };
        el.onEndTag(flushSelect);
      },
    })
    .on(`${form} select option`, {
      element(el) {
        if (!select) return;
        const value = decodeEntities(el.getAttribute('value') ?? '');
        select.first ??= value;
        if (el.hasAttribute('selected')) select.chosen = value;
      },
    })
    .on(`${form} textarea`, {
      element(el) {
        textarea = { name: el.getAttribute('name') ?? '', text: '' };
        const current = textarea;
        el.onEndTag(() => {
          fields.push([current.name, decodeEntities(current.text)]);
        });
      },
      text(t) {
        if (textarea) textarea.text += t.text;
      },
    })
    .transform(new Response(html))
    .text();
  const out: Fields = {};
  for (const [name, value] of fields) {
    const had = out[name];
    out[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return out;
}

/** Posts form fields as a browser does (a repeated name sent once per value). */
export function submit(path: string, fields: Fields, init: PageInit = {}) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  return dash(path, { ...init, method: 'POST', body });
}
