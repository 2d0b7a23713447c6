import { describeRule, type MqlCriterion, type ScoringModel } from '../../scoring';
import { points, signedPoints } from '../format';
import { TableWrap } from './table-wrap';

function criterion(c: MqlCriterion): string {
  return Object.entries(c)
    .map(([k, v]) => `${k} ≥ ${points(v ?? 0)}`)
    .join(' and ');
}

/** A model in words: its rules (via the engine's own `describeRule`), bands, stages and topics. */
export function ModelSummary({ model, idPrefix }: { model: ScoringModel; idPrefix: string }) {
  const stages = model.stages;
  return (
    <>
      <h3 id={`${idPrefix}-rules`}>Rules</h3>
      <TableWrap label="Rules">
        <table class="rules-summary">
          <caption>{`${model.rules.length} rules, applied in this order`}</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">What it does</th>
              <th scope="col">Axis</th>
              <th scope="col" class="num">
                Points
              </th>
            </tr>
          </thead>
          <tbody>
            {model.rules.map((r) => (
              <tr>
                <th scope="row">
                  <code>{r.id}</code>
                  {r.description ? <div class="small muted">{r.description}</div> : null}
                </th>
                <td>{describeRule(r)}</td>
                <td>{r.axis}</td>
                <td class="num">{signedPoints(r.points)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <h3 id={`${idPrefix}-bands`}>Bands</h3>
      {model.bands.map((set, i) => (
        <TableWrap label={`Bands on ${set.on}`}>
          <table>
            <caption>
              {`Bands on ${set.on}${i === 0 ? ' (primary)' : ''}: hysteresis ${points(set.hysteresis ?? 3)} points` +
                (set.disqualifiedMax ? `, disqualified leads at most ${set.disqualifiedMax}` : '')}
            </caption>
            <thead>
              <tr>
                <th scope="col">Band</th>
                <th scope="col" class="num">
                  From
                </th>
              </tr>
            </thead>
            <tbody>
              {set.levels.map((l) => (
                <tr>
                  <th scope="row">{l.name}</th>
                  <td class="num">{points(l.min)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ))}

      <h3 id={`${idPrefix}-stages`}>Stages</h3>
      <ul>
        <li>{`MQL when ${stages.mql.map(criterion).join(', or ')}`}</li>
        <li>
          {stages.requireKnown === false
            ? 'Anonymous visitors can become MQLs.'
            : 'Only known leads (with an e-mail) become MQLs.'}
        </li>
        <li>{`An MQL whose total falls below ${points(stages.recycleBelow ?? 26)} is recycled.`}</li>
      </ul>

      {model.topics && model.topics.length > 0 ? (
        <>
          <h3 id={`${idPrefix}-topics`}>Topics from URLs</h3>
          <TableWrap label="Topics from URLs">
            <table>
              <caption>Pages get these topics from their URL</caption>
              <thead>
                <tr>
                  <th scope="col">Topic</th>
                  <th scope="col">URL patterns</th>
                </tr>
              </thead>
              <tbody>
                {model.topics.map((t) => (
                  <tr>
                    <th scope="row">{t.topic}</th>
                    <td>
                      {t.urls.map((u) => (
                        <code class="tag">{u}</code>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}
    </>
  );
}
