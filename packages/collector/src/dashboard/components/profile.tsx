import type { LeadDetail } from '../../durable/lead-object';
import { RelTime } from './rel-time';
import { SafeLink } from './safe-link';

/** Traits shown in their own rows above; the rest are listed as given. */
const SHOWN = new Set(['name', 'company']);

/** Who the lead is: what they told (traits) and what the edge derived (country, company network). */
export function Profile({ detail, now }: { detail: LeadDetail; now: number }) {
  const r = detail.result;
  const p = r.profile;
  const traits = Object.entries(p.traits).filter(([k]) => !SHOWN.has(k));
  const name = p.traits.name;
  return (
    <dl class="props">
      <dt>Kind</dt>
      <dd>{detail.kind === 'lead' ? 'Known lead' : 'Anonymous visitor'}</dd>
      {typeof name === 'string' || typeof name === 'number' ? (
        <>
          <dt>Name</dt>
          <dd>{String(name)}</dd>
        </>
      ) : null}
      <dt>E-mail</dt>
      <dd>{p.email ?? <span class="muted">unknown</span>}</dd>
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
        {(typeof p.traits.company === 'string' ? p.traits.company : p.company) ?? (
          <span class="muted">unknown</span>
        )}
      </dd>
      {p.country ? (
        <>
          <dt>Country</dt>
          <dd>{p.country}</dd>
        </>
      ) : null}
      {traits.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{typeof v === 'string' ? <SafeLink url={v}>{v}</SafeLink> : String(v)}</dd>
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
