import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import { checkSiteId, generateIdentitySecret, removeSite, warningsFor, writeSite } from '../../sites/service';
import { actorOf } from '../../storage/action-log';
import { getSite, listSites, SITES_CACHE_SECONDS } from '../../storage/sites';
import {
  checked,
  type FieldValues,
  type FormBody,
  field,
  fieldErrors,
  formState,
  listField,
  readForm,
} from '../form';
import { formValuesOf, SitePage, SitesPage } from '../pages/sites-page';
import { render } from '../render';
import { requirePermission } from '../session';

export const sitePages = new Hono<AppEnv>();

sitePages.use('/sites', requirePermission('sites.edit'));
sitePages.use('/sites/*', requirePermission('sites.edit'));

const NOTICES = {
  created: 'Site added. Beacons from its origins are accepted now.',
  saved: 'Saved.',
  reset: 'Back to the settings of wrangler.jsonc.',
  deleted: 'Site removed: its beacons are refused from now on.',
};

function notice(c: Context<AppEnv>): string | undefined {
  const done = c.req.query('done');
  return done && Object.hasOwn(NOTICES, done) ? NOTICES[done as keyof typeof NOTICES] : undefined;
}

/** The collector's base URL for the script tag: LB_PUBLIC_URL when set, else this request's origin. */
function collectorBase(c: Context<AppEnv>): string {
  return (c.env.LB_PUBLIC_URL ?? new URL(c.req.url).origin).replace(/\/$/, '');
}

/**
 * The form as the JSON `LB_SITES` and `POST /api/sites` take: lists from lines or commas, the
 * checkbox as `true`, empty fields left out. The same schema then judges it.
 */
function settingsOf(body: FormBody): Record<string, unknown> {
  const list = (name: string) => listField(body, name);
  const autoAssign = field(body, 'autoAssign') ?? '';
  return {
    origins: list('origins'),
    ...(list('downloadExtensions').length ? { downloadExtensions: list('downloadExtensions') } : {}),
    ...(list('stripParams').length ? { stripParams: list('stripParams') } : {}),
    ...(list('competitors').length ? { competitors: list('competitors') } : {}),
    ...(checked(body, 'requireVerifiedIdentity') ? { requireVerifiedIdentity: true } : {}),
    ...(autoAssign ? { autoAssign } : {}),
  };
}

/** The form as it was typed, to show again with its problems. */
function typed(body: FormBody): FieldValues {
  return {
    id: field(body, 'id') ?? '',
    origins: field(body, 'origins') ?? '',
    downloadExtensions: field(body, 'downloadExtensions') ?? '',
    stripParams: field(body, 'stripParams') ?? '',
    competitors: field(body, 'competitors') ?? '',
    requireVerifiedIdentity: checked(body, 'requireVerifiedIdentity') ? 'true' : '',
    autoAssign: field(body, 'autoAssign') ?? '',
  };
}

/** GET /dashboard/sites */
sitePages.get('/sites', async (c) => {
  return render(
    c,
    <SitesPage
      principal={c.get('principal')}
      sites={await listSites(c.env)}
      delaySeconds={SITES_CACHE_SECONDS}
      notice={notice(c)}
      now={Date.now()}
    />,
  );
});

/** GET /dashboard/sites/new */
sitePages.get('/sites/new', (c) => {
  return render(
    c,
    <SitePage
      principal={c.get('principal')}
      form={formState()}
      collector={collectorBase(c)}
      delaySeconds={SITES_CACHE_SECONDS}
      now={Date.now()}
    />,
  );
});

/** POST /dashboard/sites: adds a site; a refused form comes back filled in, each problem at its field. */
sitePages.post('/sites', async (c) => {
  const body = await readForm(c);
  const done = await writeSite(c.env, {
    id: field(body, 'id')?.trim() ?? '',
    settings: settingsOf(body),
    mode: 'create',
    actor: actorOf(c.get('principal')),
  });
  if (done.ok) return c.redirect(`/dashboard/sites/${done.site.id}?done=created`, 303);
  return render(
    c,
    <SitePage
      principal={c.get('principal')}
      form={formState(typed(body), fieldErrors(done.errors))}
      collector={collectorBase(c)}
      delaySeconds={SITES_CACHE_SECONDS}
      now={Date.now()}
    />,
    done.status,
  );
});

async function siteOr404(c: Context<AppEnv>) {
  const checkedId = checkSiteId(c.req.param('id'));
  const site = 'id' in checkedId ? await getSite(c.env, checkedId.id) : null;
  if (!site) throw new HTTPException(404, { message: 'There is no such site.' });
  return site;
}

/** GET /dashboard/sites/:id */
sitePages.get('/sites/:id', async (c) => {
  const site = await siteOr404(c);
  return render(
    c,
    <SitePage
      principal={c.get('principal')}
      site={site}
      form={formState(formValuesOf(site.config))}
      notice={notice(c)}
      warnings={warningsFor(site)}
      collector={collectorBase(c)}
      delaySeconds={SITES_CACHE_SECONDS}
      now={Date.now()}
    />,
  );
});

/** POST /dashboard/sites/:id: saves the site's settings (over its seed settings, if it has them). */
sitePages.post('/sites/:id', async (c) => {
  const site = await siteOr404(c);
  const body = await readForm(c);
  const done = await writeSite(c.env, {
    id: site.id,
    settings: settingsOf(body),
    mode: 'update',
    actor: actorOf(c.get('principal')),
  });
  if (done.ok) return c.redirect(`/dashboard/sites/${site.id}?done=saved`, 303);
  return render(
    c,
    <SitePage
      principal={c.get('principal')}
      site={site}
      form={formState(typed(body), fieldErrors(done.errors))}
      collector={collectorBase(c)}
      delaySeconds={SITES_CACHE_SECONDS}
      now={Date.now()}
    />,
    done.status,
  );
});

/** POST /dashboard/sites/:id/remove: back to the seed settings, or the stored site removed. */
sitePages.post('/sites/:id/remove', async (c) => {
  const site = await siteOr404(c);
  const done = await removeSite(c.env, site.id, actorOf(c.get('principal')));
  if (!done.ok) throw new HTTPException(done.status, { message: done.error });
  return done.how === 'reset'
    ? c.redirect(`/dashboard/sites/${site.id}?done=reset`, 303)
    : c.redirect('/dashboard/sites?done=deleted', 303);
});

/**
 * POST /dashboard/sites/:id/identity-secret: a new identity secret, shown on the page this answers
 * with and never again (it is not redirected to: the secret must not sit in a URL or a history entry).
 */
sitePages.post('/sites/:id/identity-secret', async (c) => {
  const site = await siteOr404(c);
  const done = await generateIdentitySecret(c.env, site.id, actorOf(c.get('principal')));
  if (!done.ok) throw new HTTPException(done.status, { message: done.error });
  const fresh = (await getSite(c.env, site.id)) ?? site;
  return render(
    c,
    <SitePage
      principal={c.get('principal')}
      site={fresh}
      form={formState(formValuesOf(fresh.config))}
      secret={done.secret}
      collector={collectorBase(c)}
      delaySeconds={SITES_CACHE_SECONDS}
      now={Date.now()}
    />,
  );
});
