import type { PageVisit } from '../../durable/page-visits';
import { duration, signedPoints } from '../format';
import { onOrigins } from '../safe-url';
import { RelTime } from './rel-time';
import { SafeLink } from './safe-link';
import { TableWrap } from './table-wrap';

function pathOf(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : url;
}

/** `evil.example/login`: the host is what matters about a page of another site. */
function hostAndPath(url: string): string {
  return URL.canParse(url) ? `${new URL(url).host}${new URL(url).pathname}` : url;
}

type VisitsTableProps = {
  pages: readonly PageVisit[];
  now: number;
  /** The site's origins: only pages on them become links. */
  origins: readonly string[];
};

/** The pages the lead read, newest first, with what they did there and what it earned. */
export function VisitsTable({ pages, now, origins }: VisitsTableProps) {
  if (pages.length === 0) return <p>No page views.</p>;
  const sorted = [...pages].sort((a, b) => b.at - a.at);
  return (
    <TableWrap label="Pages read">
      <table>
        <caption>Pages read, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Page</th>
            <th scope="col">Topics</th>
            <th scope="col" class="num">
              Engaged
            </th>
            <th scope="col" class="num">
              Scroll
            </th>
            <th scope="col" class="num">
              Points
            </th>
            <th scope="col">Era</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((p) => (
            <tr>
              <td>
                <RelTime at={p.at} now={now} />
              </td>
              <td>
                <SafeLink url={p.url} origins={origins}>
                  {p.title || pathOf(p.url)}
                </SafeLink>
                <div class="small muted">
                  {onOrigins(p.url, origins) ? pathOf(p.url) : `${hostAndPath(p.url)} · not on this site`}
                </div>
              </td>
              <td>
                {p.topics.length > 0 ? (
                  p.topics.map((t) => <span class="tag">{t}</span>)
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
              <td class="num">{duration(p.engagedMs)}</td>
              <td class="num">{`${Math.round(p.scrollDepth)} %`}</td>
              <td class="num">{signedPoints(p.points)}</td>
              <td>{p.anonymous ? <span class="era">anonymous</span> : 'known'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
