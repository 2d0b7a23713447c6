import type { LeadDetail } from '../../durable/lead-object';
import { SOURCE_WORDS } from '../../durable/timeline';
import type { ProfileOrigin } from '../../scoring/result';
import { RelTime } from './rel-time';
import { SafeLink } from './safe-link';

/** Traits shown in their own rows above; the rest are listed as given. */
const SHOWN = new Set(['name', 'company', 'country']);

/**
 * Who the lead is: what they told (traits) and what the edge derived (country, company network).
 * Each value the lead's history vouches for says who vouched (API, e-mail link, verified identify,
 * form, page script) and when, so sales can tell a CRM's title from one a visitor typed.
 */
export function Profile({ detail, now }: { detail: LeadDetail; now: number }) {
  const r = detail.result;
  const p = r.profile;
  const sources = p.sources ?? {};
  const traits = Object.entries(p.traits).filter(([k]) => !SHOWN.has(k));
  const name = p.traits.name;
  const traitCompany = typeof p.traits.company === 'string' ? p.traits.company : undefined;
  const traitCountry = typeof p.traits.country === 'string' ? p.traits.country : undefined;
  return (
    <dl class="props">
      <dt>Kind</dt>
      <dd>{detail.kind === 'lead' ? 'Known lead' : 'Anonymous visitor'}</dd>
      {typeof name === 'string' || typeof name === 'number' ? (
        <>
          <dt>Name</dt>
          <dd>
            {String(name)}
            <Origin origin={sources.name} now={now} />
          </dd>
        </>
      ) : null}
      <dt>E-mail</dt>
      <dd>
        {p.email ?? <span class="muted">unknown</span>}
        <Origin origin={sources.email} now={now} />
      </dd>
      {p.emailDomain ? (
        <>
          <dt>Domain</dt>
          <dd>
            {p.emailDomain}
            {p.domainCategory ? ` (${p.domainCategory})` : ''}
          </dd>
        </>
      ) : null}
      <dt>Company</dt>
      <dd>
        {traitCompany ?? p.company ?? <span class="muted">unknown</span>}
        {traitCompany !== undefined ? (
          <Origin origin={sources.company} now={now} />
        ) : p.company ? (
          <span class="origin">from its network</span>
        ) : null}
      </dd>
      {p.country || traitCountry ? (
        <>
          <dt>Country</dt>
          <dd>
            {traitCountry ?? p.country}
            {traitCountry !== undefined ? (
              <Origin origin={sources.country} now={now} />
            ) : (
              <span class="origin">from its network</span>
            )}
          </dd>
        </>
      ) : null}
      {traits.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>
            {typeof v === 'string' ? <SafeLink url={v}>{v}</SafeLink> : String(v)}
            <Origin origin={sources[k]} now={now} />
          </dd>
        </>
      ))}
      <dt>First seen</dt>
      <dd>
        <RelTime at={r.firstSeenAt} now={now} />
      </dd>
      <dt>Last visit</dt>
      <dd>
        <RelTime at={r.lastVisitAt} now={now} />
      </dd>
      <dt>Site</dt>
      <dd>{detail.site}</dd>
      <dt>Model</dt>
      <dd>{r.modelVersion}</dd>
      <dt>Lead id</dt>
      <dd>
        <code>{detail.id}</code>
      </dd>
    </dl>
  );
}

/** "via verified identify · 3 min ago" under a value; nothing for results that carry no origins. */
function Origin({ origin, now }: { origin: ProfileOrigin | undefined; now: number }) {
  if (!origin) return null;
  return (
    <span class={`origin origin-${origin.source}`}>
      {`via ${SOURCE_WORDS[origin.source] ?? origin.source} · `}
      <RelTime at={origin.at} now={now} />
    </span>
  );
}
