import { STAGES } from '../../scoring';

/** The list's filter form fields (names of the lead list API's query parameters). */
export const FILTER_FIELDS = [
  'q',
  'band',
  'stage',
  'min_total',
  'company',
  'topic',
  'owner',
  'sort',
  'limit',
] as const;
export type FilterValues = Partial<Record<(typeof FILTER_FIELDS)[number], string>>;

const SORTS = [
  ['hottest', 'Hottest first'],
  ['total', 'Total score'],
  ['intent', 'Intent'],
  ['interest', 'Interest'],
  ['fit', 'Fit'],
  ['last_seen', 'Last seen'],
  ['first_seen', 'First seen'],
] as const;

const PAGE_SIZES = ['50', '100', '200'];

type LeadFiltersProps = {
  values: FilterValues;
  /** The primary band set's names, lowest first. */
  bandLevels: readonly string[];
  /** People who own leads (sales users and admins), for the owner filter. Default none. */
  owners?: readonly { id: string; name: string }[] | undefined;
};

/** A plain GET form: filters live in the URL, so a filtered list can be bookmarked and shared. */
export function LeadFilters({ values, bandLevels, owners = [] }: LeadFiltersProps) {
  return (
    <search aria-label="Filter leads">
      <form class="filters panel" method="get" action="/dashboard">
        <div>
          <label for="f-q">Name, e-mail or company</label>
          <input id="f-q" type="search" name="q" value={values.q ?? ''} maxlength={100} />
        </div>
        <div>
          <label for="f-band">Band</label>
          <select id="f-band" name="band">
            <option value="">Any band</option>
            {[...bandLevels].reverse().map((b) => (
              <option value={b} selected={values.band === b}>
                {b}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-stage">Stage</label>
          <select id="f-stage" name="stage">
            <option value="">Any stage</option>
            {STAGES.map((s) => (
              <option value={s} selected={values.stage === s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-min">Minimum total</label>
          <input
            id="f-min"
            type="number"
            name="min_total"
            inputmode="decimal"
            step="any"
            value={values.min_total ?? ''}
          />
        </div>
        <div>
          <label for="f-company">Company</label>
          <input id="f-company" type="text" name="company" value={values.company ?? ''} maxlength={100} />
        </div>
        <div>
          <label for="f-topic">Topic read</label>
          <input id="f-topic" type="text" name="topic" value={values.topic ?? ''} maxlength={64} />
        </div>
        <div>
          <label for="f-owner">Owner</label>
          <select id="f-owner" name="owner">
            <option value="">Anyone</option>
            <option value="none" selected={values.owner === 'none'}>
              Nobody yet
            </option>
            {owners.map((o) => (
              <option value={o.id} selected={values.owner === o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-sort">Sort by</label>
          <select id="f-sort" name="sort">
            {SORTS.map(([v, label]) => (
              <option value={v} selected={(values.sort ?? 'hottest') === v}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-limit">Per page</label>
          <select id="f-limit" name="limit">
            {PAGE_SIZES.map((n) => (
              <option value={n} selected={(values.limit ?? '50') === n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div class="row">
          <button type="submit">Filter</button>
          <a href="/dashboard">Clear</a>
        </div>
      </form>
    </search>
  );
}
