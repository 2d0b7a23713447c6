import type { RecentJob } from '../data/jobs';
import { RelTime } from './rel-time';
import { TableWrap } from './table-wrap';

export function jobTitle(kind: string, version: number): string {
  if (kind === 'preview') return `Preview of version ${version}`;
  if (kind === 'shadow') return `Shadow scoring with version ${version}`;
  if (kind === 'promote') return `Promotion of version ${version}`;
  return `Re-scoring with version ${version}`;
}

/** The latest preview and re-score jobs, each linking to its movement matrix. */
export function JobsTable({ jobs, now }: { jobs: readonly RecentJob[]; now: number }) {
  if (jobs.length === 0) return <p>No previews or re-scorings yet.</p>;
  return (
    <TableWrap label="Recent jobs">
      <table>
        <caption>Recent previews and re-scorings</caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Leads
            </th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr>
              <th scope="row">
                <a href={`/dashboard/model/jobs/${j.id}`}>{jobTitle(j.kind, j.modelVersion)}</a>
              </th>
              <td>{j.status}</td>
              <td class="num">{`${j.done} / ${j.total}`}</td>
              <td>
                <RelTime at={j.createdAt} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
