import type { DetailPaging } from '../../durable/detail';

/** The lead page's section each list is in (the link comes back to it). */
const SECTION: Record<keyof DetailPaging, string> = {
  pages: 'timeline',
  timeline: 'timeline',
  ledger: 'ledger',
  transitions: 'history',
};

/**
 * Where one paginated list of a lead stands ("51–100 of 10,000, newest first") with links to the
 * older and newer windows: a lead's page stays the same size at any history.
 */
export function Pager({
  list,
  paging,
  what,
  order = 'newest first',
  keep = {},
}: {
  list: keyof DetailPaging;
  paging: DetailPaging;
  what: string;
  /** How the list is ordered, in words. Default "newest first". */
  order?: string;
  /**
   * Query parameters the links carry along (the ledger's order: its windows are taken after the
   * ordering, so a link without it would show another order's window). Default none.
   */
  keep?: Record<string, string>;
}) {
  const { offset, limit, total } = paging[list];
  if (total <= limit && offset === 0) return null;
  const shown = Math.max(0, Math.min(limit, total - offset));
  const href = (o: number) =>
    `?${new URLSearchParams({ ...keep, [`${list}_offset`]: String(o) }).toString()}#${SECTION[list]}`;
  return (
    <p class="list-pager small">
      {shown > 0
        ? `${what.charAt(0).toUpperCase()}${what.slice(1)} ${(offset + 1).toLocaleString('en-US')}–${(offset + shown).toLocaleString('en-US')} of ${total.toLocaleString('en-US')}, ${order}`
        : `No more ${what} (${total.toLocaleString('en-US')} in all)`}
      {offset > 0 ? (
        <>
          {' · '}
          <a href={href(Math.max(0, offset - limit))}>Newer</a>
        </>
      ) : null}
      {offset + limit < total ? (
        <>
          {' · '}
          <a href={href(offset + limit)}>Older</a>
        </>
      ) : null}
    </p>
  );
}
