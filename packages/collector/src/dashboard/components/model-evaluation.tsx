import type { BucketRow } from '../../report/buckets';
import type { ServedReport } from '../../report/load';
import type { RuleEvidence } from '../../report/rule-lift';
import type { ThresholdPoint } from '../../report/thresholds';
import { num, percent, pValue, shareText } from '../report-format';
import { type ChartMarker, ConversionChart } from './conversion-chart';
import { TableWrap } from './table-wrap';

/**
 * The model report on the model page: how leads converted by score (bands, 10-point buckets,
 * deciles), the threshold trade-off, the rules' evidence and the suggested weights. Every rate
 * comes with its 95 % interval and the outcomes it rests on; below the data floor the figures are
 * shown and the claims are not.
 */
export function ModelEvaluation({ report: r }: { report: ServedReport }) {
  const advice = r.recommendedThreshold;
  const markers: ChartMarker[] = [];
  if (advice?.current)
    markers.push({
      at: advice.current.threshold,
      label: `now ≥ ${advice.current.threshold}`,
      kind: 'current',
    });
  if (advice?.suggested && advice.suggested.threshold !== advice.current?.threshold) {
    markers.push({
      at: advice.suggested.threshold,
      label: `suggested ≥ ${advice.suggested.threshold}`,
      kind: 'suggested',
    });
  }
  return (
    <>
      <p class={r.dataQuality.claims ? 'notice' : 'error'} role="status" id="data-quality">
        <strong>{r.dataQuality.claims ? 'Enough data for claims. ' : 'No claims yet. '}</strong>
        {sentence(r.dataQuality.message)}
      </p>
      {r.notes.map((n) => (
        <p class="small muted">{sentence(n)}</p>
      ))}
      {r.counts.total === 0 ? (
        <p>
          No outcomes yet. Record won and lost deals on the lead pages (or with{' '}
          <code>POST /api/leads/:id/outcome</code>) and this section shows how leads convert by score.
        </p>
      ) : (
        <>
          <p>
            {`Won: ${shareText(r.winRate)} decided leads. `}
            {r.currentScore ? sentence(r.currentScore.reading) : 'AUC needs won and lost outcomes.'}
          </p>

          <h3 id="conversion-buckets">Conversion by score</h3>
          <p class="small muted">
            Do leads at 40+ convert? Read the row that starts at 40: <em>at or above</em> is the win rate of
            every lead scoring at least that much.
          </p>
          <ConversionChart
            rows={r.conversion?.buckets ?? []}
            overall={r.winRate}
            markers={markers}
            id="conversion-chart"
          />
          <BucketTable
            rows={r.conversion?.buckets ?? []}
            label="Conversion by 10-point bucket"
            caption={`Win rate per ${r.conversion?.bucketWidth ?? 10}-point bucket of the total at the outcome`}
            first="Total"
          />
          <h3 id="conversion-bands">Conversion by band</h3>
          <BucketTable
            rows={r.conversion?.bands ?? []}
            label="Conversion by band"
            caption={`Win rate per band (on the ${r.conversion?.bandsOn ?? 'total'} at the outcome)`}
            first="Band"
          />
          <details>
            <summary>Conversion by decile of leads</summary>
            <BucketTable
              rows={r.conversion?.deciles ?? []}
              label="Conversion by decile"
              caption="Win rate per tenth of the decided leads, highest totals first (ties share a decile)"
              first="Leads"
              decile
            />
          </details>

          <h3 id="threshold">Where should the threshold be?</h3>
          <p id="threshold-reason">{advice ? sentence(advice.reason) : ''}</p>
          {advice?.current || advice?.suggested ? (
            <ThresholdTable
              rows={[
                ...(advice.current ? [{ name: 'Now', point: advice.current }] : []),
                ...(advice.suggested ? [{ name: 'Suggested', point: advice.suggested }] : []),
              ]}
              label="Threshold trade-off"
              caption="Sending leads at or above a total to sales: current against suggested"
            />
          ) : null}
          {advice && advice.candidates.length > 0 ? (
            <details>
              <summary>{`Every threshold tried (${advice.candidates.length})`}</summary>
              <p class="small muted">{sentence(advice.method)}</p>
              <ThresholdTable
                rows={advice.candidates.map((c) => ({ name: c.eligible ? 'passes' : 'no', point: c }))}
                label="Thresholds tried"
                caption="Every candidate threshold on the total; only those that pass every guard can be suggested"
                firstHeader="Guards"
              />
            </details>
          ) : null}
          <p class="small muted">
            {advice?.volume
              ? `Leads per month: ${advice.volume.definition}.`
              : 'Leads per month: not yet, it needs at least a week of leads in the index (or of outcomes).'}
          </p>

          <h3 id="rules">Which rules predict a sale?</h3>
          <p class="small muted">
            A rule is called predictive only when its adjusted p-value (Benjamini–Hochberg over every rule
            tested, Fisher's exact test) is at most 5 %, so noise rarely gets a verdict.
          </p>
          <RulesTable rules={(r.rules ?? []).filter((x) => x.verdict !== 'never fired')} />
          {(r.rules ?? []).some((x) => x.verdict === 'never fired') ? (
            <p class="small" id="never-fired">
              {'Never fired before an outcome: '}
              {(r.rules ?? [])
                .filter((x) => x.verdict === 'never fired')
                .map((x, i) => (
                  <>
                    {i > 0 ? ', ' : ''}
                    <code>{x.ruleId}</code>
                  </>
                ))}
              .
            </p>
          ) : null}

          <h3 id="weights">Suggested weights</h3>
          {r.weights ? (
            <>
              <p id="weights-verdict">{sentence(r.weights.verdict)}</p>
              <WeightsTable report={r} />
            </>
          ) : (
            <p id="weights-verdict">
              No weights are suggested below the data floor: a fit on this few outcomes would mostly fit
              noise.
            </p>
          )}
        </>
      )}
    </>
  );
}

/** A sentence from the report's wording: capital first, full stop at the end. */
function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const capital = t[0]?.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function BucketTable({
  rows,
  label,
  caption,
  first,
  decile,
}: {
  rows: readonly BucketRow[];
  label: string;
  caption: string;
  first: string;
  decile?: boolean;
}) {
  return (
    <TableWrap label={label}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            {decile ? <th scope="col">Totals</th> : null}
            <th scope="col" class="num">
              Outcomes
            </th>
            <th scope="col" class="num">
              Won
            </th>
            <th scope="col">Win rate (95 % interval)</th>
            <th scope="col">{decile ? 'This decile and above' : 'At or above'}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr>
              <th scope="row" class="nowrap">
                {b.label}
              </th>
              {decile ? (
                <td>
                  {b.below === null ? `${num(b.from ?? 0)}+` : `${num(b.from ?? 0)} to below ${num(b.below)}`}
                </td>
              ) : null}
              <td class="num">{String(b.outcomes)}</td>
              <td class="num">{String(b.won)}</td>
              <td>{shareText(b.winRate)}</td>
              <td>{shareText(b.atOrAbove)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function ThresholdTable({
  rows,
  label,
  caption,
  firstHeader = '',
}: {
  rows: readonly { name: string; point: ThresholdPoint }[];
  label: string;
  caption: string;
  firstHeader?: string;
}) {
  return (
    <TableWrap label={label}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstHeader}</th>
            <th scope="col">Threshold</th>
            <th scope="col" class="num">
              Flagged
            </th>
            <th scope="col">Precision: flagged that won</th>
            <th scope="col">Recall: won that were flagged</th>
            <th scope="col" class="num">
              Leads / month
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ name, point: p }) => (
            <tr>
              <th scope="row">{name}</th>
              <td>{`total ≥ ${num(p.threshold)}`}</td>
              <td class="num">{`${p.flagged} (${percent(p.share)})`}</td>
              <td>{shareText(p.precision)}</td>
              <td>{shareText(p.recall)}</td>
              <td class="num">{p.leadsPerMonth === null ? '–' : num(p.leadsPerMonth, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function RulesTable({ rules }: { rules: readonly RuleEvidence[] }) {
  return (
    <TableWrap label="Rules and outcomes">
      <table>
        <caption>
          Every rule: how often leads won when it fired before the outcome, and when it did not
        </caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Verdict</th>
            <th scope="col">Won when fired</th>
            <th scope="col">Won when not</th>
            <th scope="col" class="num">
              Lift
            </th>
            <th scope="col" class="num">
              p
            </th>
            <th scope="col" class="num">
              Adjusted
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr>
              <th scope="row">
                <code>{rule.ruleId}</code>
                <br />
                <span class="small muted">{rule.description}</span>
              </th>
              <td>
                <span class={`badge ${verdictClass(rule.verdict)}`}>{rule.verdict}</span>
                {rule.note ? <div class="small muted">{rule.note}</div> : null}
              </td>
              <td>{shareText(rule.winRateWhenFired)}</td>
              <td>{shareText(rule.winRateWhenNot)}</td>
              <td class="num">{rule.lift ? num(rule.lift.estimate) : '–'}</td>
              <td class="num">{pValue(rule.p)}</td>
              <td class="num">{pValue(rule.q)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function verdictClass(v: RuleEvidence['verdict']): string {
  return v === 'predicts wins' ? 'verdict-wins' : v === 'predicts losses' ? 'verdict-losses' : 'stage';
}

function WeightsTable({ report: r }: { report: ServedReport }) {
  const w = r.weights;
  if (!w) return null;
  // Rules the fit could not use (never fired, or fired before every outcome) are named below the table.
  const fitted = w.weights.filter((x) => x.coefficient !== null);
  const unfitted = w.weights.filter((x) => x.coefficient === null);
  return (
    <>
      <TableWrap label="Suggested weights">
        <table>
          <caption>
            {`Points per rule: now and as the data suggests (${w.fit.crossValidated.method} cross-validation on ${w.fit.outcomes} outcomes)`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col" class="num">
                Now
              </th>
              <th scope="col">Log-odds (95 % interval)</th>
              <th scope="col">Suggested</th>
            </tr>
          </thead>
          <tbody>
            {fitted.map((x) => (
              <tr>
                <th scope="row">
                  <code>{x.ruleId}</code>
                </th>
                <td class="num">{num(x.currentPoints)}</td>
                <td>
                  {x.coefficient === null || !x.interval
                    ? '–'
                    : `${num(x.coefficient)} (${num(x.interval.low)} to ${num(x.interval.high)})`}
                </td>
                <td>
                  {x.suggestedPoints === null ? (
                    <span class="small muted">{x.reason ?? 'none'}</span>
                  ) : (
                    <strong>{num(x.suggestedPoints)}</strong>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {unfitted.length > 0 ? (
        <p class="small" id="not-fitted">
          {`Not fitted, so no suggestion (${unfitted.length}): `}
          {unfitted.map((x, i) => (
            <>
              {i > 0 ? '; ' : ''}
              <code>{x.ruleId}</code> {`(${x.reason ?? 'not fitted'})`}
            </>
          ))}
          .
        </p>
      ) : null}
    </>
  );
}
