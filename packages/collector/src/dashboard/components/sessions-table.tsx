import type { VisitSession } from '../../durable/lead-source';
import { duration } from '../format';
import { onOrigins } from '../safe-url';
import { LocalTime } from './local-time';
import { SafeLink } from './safe-link';
import { TableWrap } from './table-wrap';

function pathOf(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : url;
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}

/** Where a session came from, in a few words: the campaign, else the referring host, else direct. */
function cameFrom(s: VisitSession): string {
  if (s.utm?.campaign || s.utm?.source) {
    return [s.utm.campaign, [s.utm.source, s.utm.medium].filter(Boolean).join(' / ')]
      .filter(Boolean)
      .join(' · ');
  }
  if (s.referrer) return hostOf(s.referrer);
  return 'direct';
}

/** The lead's visits, one row per browser session (30 minutes without activity end one), newest first. */
export function SessionsTable({
  sessions,
  origins,
}: {
  sessions: readonly VisitSession[];
  origins: readonly string[];
}) {
  if (sessions.length === 0) return <p>No visits.</p>;
  return (
    <TableWrap label="Visits">
      <table>
        <caption>Visits (browser sessions), newest first</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col" class="num">
              Length
            </th>
            <th scope="col" class="num">
              Pages
            </th>
            <th scope="col">Landed on</th>
            <th scope="col">Came from</th>
            <th scope="col">Era</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr>
              <td class="nowrap">
                <LocalTime at={s.start} mode="short" />
              </td>
              <td class="num">{duration(s.end - s.start)}</td>
              <td class="num">{`${s.pages.length}${s.actions ? ` + ${s.actions} actions` : ''}`}</td>
              <td class="wrap-anywhere">
                {s.landingPage ? (
                  <SafeLink url={s.landingPage} origins={origins}>
                    {s.pages[0]?.title || pathOf(s.landingPage)}
                  </SafeLink>
                ) : (
                  <span class="muted">—</span>
                )}
                {s.landingPage && !onOrigins(s.landingPage, origins) ? (
                  <div class="small muted">not on this site</div>
                ) : null}
              </td>
              <td class="wrap-anywhere">{cameFrom(s)}</td>
              <td>{s.anonymous ? <span class="era">anonymous</span> : 'known'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
