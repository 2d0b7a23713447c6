import type { Principal } from '../../auth/principal';
import type { SiteConfig } from '../../config';
import type { SiteEntry } from '../../storage/sites';
import {
  ChoiceGroup,
  ErrorSummary,
  formView,
  type Option,
  TextAreaField,
  TextField,
} from '../components/form-fields';
import { Layout } from '../components/layout';
import { RelTime } from '../components/rel-time';
import { TableWrap } from '../components/table-wrap';
import type { FieldValues, FormState } from '../form';

/** Where a site's settings come from, as the start of a sentence on its page. */
const SOURCE_SENTENCES: Record<SiteEntry['from'], string> = {
  seed: 'Settings from wrangler.jsonc (LB_SITES)',
  stored: 'Added in the dashboard or through the API',
  override: 'Changed here, over its settings in wrangler.jsonc (LB_SITES)',
};

const FROM_WORDS: Record<SiteEntry['from'], string> = {
  seed: 'wrangler.jsonc (LB_SITES)',
  stored: 'added here',
  override: 'changed here (over LB_SITES)',
};

type SitesPageProps = {
  principal: Principal;
  sites: readonly SiteEntry[];
  /** Seconds until a change reaches every isolate. */
  delaySeconds: number;
  notice?: string | undefined;
  now: number;
};

/** GET /dashboard/sites: the sites the collector serves and where their settings come from. */
export function SitesPage({ principal, sites, delaySeconds, notice, now }: SitesPageProps) {
  return (
    <Layout title="Sites" principal={principal} current="sites">
      <h1>Sites</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p>
        The websites that send beacons, and the page origins each may send them from. Sites in{' '}
        <code>wrangler.jsonc</code> (<code>LB_SITES</code>) are the seed; a site added or changed here takes
        over within {delaySeconds} seconds, without a deploy.
      </p>
      <p>
        <a class="button" href="/dashboard/sites/new">
          Add a site
        </a>
      </p>
      {sites.length === 0 ? (
        <p>No sites yet.</p>
      ) : (
        <TableWrap label="Sites">
          <table>
            <caption>Every site</caption>
            <thead>
              <tr>
                <th scope="col">Site</th>
                <th scope="col">Origins</th>
                <th scope="col">Settings from</th>
                <th scope="col">Verified identify</th>
                <th scope="col">New MQLs</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {sites.map((s) => (
                <tr>
                  <th scope="row">
                    <a href={`/dashboard/sites/${s.id}`}>{s.id}</a>
                  </th>
                  <td class="nowrap">
                    {s.config.origins.map((o) => (
                      <div>{o}</div>
                    ))}
                  </td>
                  <td>{FROM_WORDS[s.from]}</td>
                  <td>{identityWords(s)}</td>
                  <td>{s.config.autoAssign === 'round-robin' ? 'round-robin' : 'not assigned'}</td>
                  <td>
                    {s.updatedAt ? <RelTime at={s.updatedAt} now={now} /> : <span class="muted">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Layout>
  );
}

function identityWords(s: SiteEntry): string {
  const secret =
    s.identitySecret === null
      ? 'no secret'
      : s.identitySecret === 'stored'
        ? 'secret generated here'
        : 'secret in LB_IDENTITY_SECRETS';
  return `${s.config.requireVerifiedIdentity ? 'required' : 'optional'}, ${secret}`;
}

/** The site form's fields as they are to be shown: a site's settings as text. */
export function formValuesOf(config: SiteConfig): FieldValues {
  return {
    origins: config.origins.join('\n'),
    downloadExtensions: (config.downloadExtensions ?? []).join(', '),
    stripParams: (config.stripParams ?? []).join(', '),
    competitors: (config.competitors ?? []).join('\n'),
    requireVerifiedIdentity: config.requireVerifiedIdentity ? 'true' : '',
    autoAssign: config.autoAssign ?? '',
  };
}

const LABELS = {
  id: 'Site id',
  origins: 'Origins',
  downloadExtensions: 'Extra download extensions',
  stripParams: 'Extra query parameters to remove',
  competitors: 'Competitors’ e-mail domains',
  requireVerifiedIdentity: 'Verified identify',
  autoAssign: 'New MQLs',
};

const AUTO_ASSIGN: readonly Option[] = [
  { value: '', label: 'Leave unassigned (sales assign owners on the lead page)' },
  { value: 'round-robin', label: 'Assign round-robin among the site’s sales users' },
];

type SitePageProps = {
  principal: Principal;
  /** The site being edited; undefined for a new one. */
  site?: SiteEntry | undefined;
  /** The fields to show and, for a refused form, a message per field. */
  form: FormState;
  notice?: string | undefined;
  warnings?: readonly string[] | undefined;
  /** A secret generated just now: shown this once. */
  secret?: string | undefined;
  /** The collector's base URL, for the script tag. */
  collector: string;
  delaySeconds: number;
  now: number;
};

/** GET /dashboard/sites/new and /dashboard/sites/:id: a site's settings, identity secret, script tag. */
export function SitePage(props: SitePageProps) {
  const { principal, site, notice, warnings, secret, collector, delaySeconds, now } = props;
  // The page's only form: its element ids are the field names.
  const form = formView('', props.form);
  const title = site ? `Site ${site.id}` : 'Add a site';
  const action = site ? `/dashboard/sites/${site.id}` : '/dashboard/sites';
  return (
    <Layout title={title} principal={principal} current="sites">
      <p>
        <a href="/dashboard/sites">← All sites</a>
      </p>
      <h1>{title}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {warnings?.map((w) => (
        <p class="warning" role="status">
          {w}
        </p>
      ))}
      {secret && site ? <SecretNotice site={site.id} secret={secret} /> : null}
      {site ? (
        <p class="small muted">
          {SOURCE_SENTENCES[site.from]}
          {site.updatedAt ? (
            <>
              , last changed <RelTime at={site.updatedAt} now={now} /> by {site.updatedBy}
            </>
          ) : null}
          . Changes apply within {delaySeconds} seconds.
        </p>
      ) : null}
      <ErrorSummary form={form} labels={LABELS} />
      <form method="post" action={action} class="panel stack">
        {site ? null : (
          <TextField
            form={form}
            name="id"
            label={LABELS.id}
            hint={
              <>
                The script tag names it (<code>data-site</code>): 1–64 letters, digits, dots, dashes or
                underscores.
              </>
            }
            required
            maxlength={64}
            pattern="[A-Za-z0-9._\-]{1,64}"
            autocomplete="off"
          />
        )}
        <TextAreaField
          form={form}
          name="origins"
          label={LABELS.origins}
          hint={
            <>
              One per line: where the site’s pages are served from, e.g. <code>https://www.example.com</code>{' '}
              (scheme, host and port, no path). Only these may send beacons, and only their pages are stored.
            </>
          }
          rows={3}
          short
          required
        />
        <TextField
          form={form}
          name="downloadExtensions"
          label={LABELS.downloadExtensions}
          hint={
            <>
              Comma-separated, on top of the built-in list (pdf, docx, xlsx, zip, …), e.g.{' '}
              <code>dwg, step</code>.
            </>
          }
          autocomplete="off"
        />
        <TextField
          form={form}
          name="stripParams"
          label={LABELS.stripParams}
          hint={
            <>
              Comma-separated: removed from every stored URL on top of the built-in personal ones (email,
              name, phone, …), e.g. <code>customer_id</code>.
            </>
          }
          autocomplete="off"
        />
        <TextAreaField
          form={form}
          name="competitors"
          label={LABELS.competitors}
          hint={
            <>
              One per line, e.g. <code>rival.example</code>: addresses there count as a competitor’s for this
              site’s leads (the model’s competitor rule), on top of the model’s own list. Applies to each lead
              when it is next scored.
            </>
          }
          rows={3}
          short
        />
        <ChoiceGroup
          form={form}
          name="requireVerifiedIdentity"
          legend={LABELS.requireVerifiedIdentity}
          hint="An unsigned identify or form address is then kept as a claim and merges nothing. Needs an identity secret."
          options={[{ value: 'true', label: 'Only identities the site’s server signed identify a visitor' }]}
          stacked
        />
        <ChoiceGroup
          form={form}
          name="autoAssign"
          legend={LABELS.autoAssign}
          type="radio"
          options={AUTO_ASSIGN}
          stacked
        />
        <p>
          <button type="submit">{site ? 'Save' : 'Add the site'}</button>
        </p>
      </form>

      {site ? (
        <>
          <section aria-labelledby="tag">
            <h2 id="tag">Script tag</h2>
            <p>Paste it into every page of the site:</p>
            <pre class="code">{`<script async src="${collector}/lb.js" data-site="${site.id}"></script>`}</pre>
          </section>
          <section aria-labelledby="secret">
            <h2 id="secret">Identity secret</h2>
            <p>
              {site.identitySecret === 'stored'
                ? 'The site has a secret generated here.'
                : site.identitySecret === 'seed'
                  ? 'The site’s secret is in LB_IDENTITY_SECRETS.'
                  : 'The site has no identity secret: it cannot use verified identify.'}{' '}
              The site’s server signs visitors’ addresses with it (HMAC-SHA256). A new secret replaces the old
              one at once: signatures made with the old one are refused from then on.
            </p>
            <form method="post" action={`/dashboard/sites/${site.id}/identity-secret`}>
              <button type="submit" class="secondary">
                {site.identitySecret
                  ? 'Generate a new secret (replaces the current one)'
                  : 'Generate a secret'}
              </button>
            </form>
          </section>
          {site.from !== 'seed' ? (
            <section aria-labelledby="remove">
              <h2 id="remove">
                {site.from === 'override' ? 'Back to the seed settings' : 'Remove the site'}
              </h2>
              <p>
                {site.from === 'override'
                  ? 'Forget the settings changed here; the site keeps those of wrangler.jsonc (LB_SITES).'
                  : 'Beacons for this site are refused from then on. Its leads stay.'}
              </p>
              <form method="post" action={`/dashboard/sites/${site.id}/remove`}>
                <button type="submit" class="danger">
                  {site.from === 'override' ? 'Reset to the seed settings' : 'Remove the site'}
                </button>
              </form>
            </section>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}

function SecretNotice({ site, secret }: { site: string; secret: string }) {
  return (
    <div class="notice" role="status">
      <p>
        The new identity secret of <strong>{site}</strong>. Copy it to the site’s server now: it is not shown
        again.
      </p>
      <label for="new-secret">New identity secret</label>
      <input id="new-secret" type="text" readonly value={secret} class="mono" />
    </div>
  );
}
