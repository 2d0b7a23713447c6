import type { LeadSource } from '../../durable/lead-source';
import { LocalTime } from './local-time';
import { SafeLink } from './safe-link';

/** Where the lead came from: first referrer, campaign (UTM), landing page. */
export function LeadSourceList({ source, origins }: { source: LeadSource; origins: readonly string[] }) {
  const utm = source.utm;
  return (
    <dl class="props">
      <dt>First came from</dt>
      <dd>
        {source.firstReferrer ? (
          <SafeLink url={source.firstReferrer} origins={[]} />
        ) : (
          <span class="muted">no referrer (typed, bookmarked, or an app)</span>
        )}
      </dd>
      <dt>Campaign</dt>
      <dd>{utm?.campaign ?? <span class="muted">none</span>}</dd>
      <dt>Source / medium</dt>
      <dd>
        {utm?.source || utm?.medium ? (
          `${utm?.source ?? '—'} / ${utm?.medium ?? '—'}`
        ) : (
          <span class="muted">none</span>
        )}
      </dd>
      {utm?.term || utm?.content ? (
        <>
          <dt>Term / content</dt>
          <dd>{`${utm?.term ?? '—'} / ${utm?.content ?? '—'}`}</dd>
        </>
      ) : null}
      <dt>Landing page</dt>
      <dd>
        {source.landingPage ? (
          <SafeLink url={source.landingPage} origins={origins} />
        ) : (
          <span class="muted">no page view</span>
        )}
      </dd>
      {source.landedAt ? (
        <>
          <dt>First visit</dt>
          <dd>
            <LocalTime at={source.landedAt} />
          </dd>
        </>
      ) : null}
    </dl>
  );
}
