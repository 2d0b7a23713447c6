import { DurableObject } from 'cloudflare:workers';
import { DEFAULT_MODEL, type ScoreResult, scoreLead } from '../scoring';
import type { LeadEvent } from '../scoring/events';
import { leadIdForEmail, leadStubById } from '../storage/lead-stub';
import { eraseLeadRows, markMerged, upsertLead } from '../storage/leads-index';
import { EventLog } from './event-log';
import { type PageVisit, pageVisits } from './page-visits';
import { type TimelineItem, timelineOf } from './timeline';

export type { PageVisit } from './page-visits';

export type IngestRequest = {
  site: string;
  events: LeadEvent[];
  /** A verified e-mail link token named this lead: the visitor becomes it. */
  linkLeadId?: string;
};

export type AbsorbRequest = {
  site: string;
  events: LeadEvent[];
  /** The visitor object the events come from (recorded as a merge), if any. */
  fromVisitor?: string;
};

export type IngestResult = {
  /** Events stored for the first time. */
  accepted: number;
  /** Events whose id was already in the log (retries, double sends). */
  duplicates: number;
  /** The lead the events ended up in (this object, or the known lead a visitor merged into). */
  leadId: string;
};

export type Merge = { visitor: string; at: number };

export type LeadDetail = {
  id: string;
  site: string;
  kind: 'visitor' | 'lead';
  result: ScoreResult;
  pages: PageVisit[];
  timeline: TimelineItem[];
  merges: Merge[];
};

type Kind = 'visitor' | 'lead';

/**
 * One visitor or one known lead: its event log (deduplicated by event id) and its score, in this
 * object's own SQLite storage.
 *
 * An anonymous browser is a *visitor* object. When it identifies (an `identify` event, a form marked
 * for identification, a signed e-mail link, or the API), it points itself at the *lead* object named
 * by the address and forwards its whole history there; from then on it forwards every new event.
 * The lead object is the only writer of the person's log, so two devices identifying at the same
 * moment are serialised by it, and duplicates vanish on the event id key: one lead, every event
 * counted once, the anonymous history scored retroactively.
 */
export class LeadObject extends DurableObject<Env> {
  private readonly log: EventLog;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.log = new EventLog(ctx.storage);
  }

  private get id(): string {
    return this.ctx.id.toString();
  }

  /** Entry point of a visitor object: beacons of one browser. */
  async ingest(req: IngestRequest): Promise<IngestResult> {
    this.claim(req.site, 'visitor');
    const { accepted, duplicates } = this.log.insert(req.events);

    const target = req.linkLeadId ?? this.identifiedLead(req.site, req.events);
    const mergedInto = this.log.getMeta('mergedInto');
    if (target && target !== this.id && target !== mergedInto) this.log.setMeta('mergedInto', target);
    const lead = this.log.getMeta('mergedInto');
    if (!lead) {
      if (accepted > 0) await this.rescore(Date.now());
      return { accepted, duplicates, leadId: this.id };
    }
    await this.forward(req.site, lead, !mergedInto || mergedInto !== lead);
    return { accepted, duplicates, leadId: lead };
  }

  /** Entry point of a lead object: history forwarded by visitors, and server-side events. */
  async absorb(req: AbsorbRequest): Promise<IngestResult> {
    this.claim(req.site, 'lead');
    const { accepted, duplicates } = this.log.insert(req.events);
    if (req.fromVisitor) this.log.addMember(req.fromVisitor, Date.now());
    if (accepted > 0) await this.rescore(Date.now());
    return { accepted, duplicates, leadId: this.id };
  }

  /** The lead as the API shows it: score, ledger, pages read and merges. */
  async detail(): Promise<LeadDetail | null> {
    const site = this.log.getMeta('site');
    if (site === null) return null;
    const events = this.log.all();
    const result = scoreLead(events, DEFAULT_MODEL, Date.now());
    return {
      id: this.id,
      site,
      kind: (this.log.getMeta('kind') as Kind | null) ?? 'visitor',
      result,
      pages: pageVisits(events, result),
      timeline: timelineOf(events),
      merges: this.log.members(),
    };
  }

  /**
   * Erases the lead completely: its own storage, every visitor object merged into it, and its rows
   * in the D1 index. What other stores hold about it (webhook deliveries) is erased by the caller.
   */
  async erase(): Promise<{ events: number; visitors: number }> {
    const members = this.log.members();
    const events = this.log.count();
    for (const m of members) await leadStubById(this.env, m.visitor)?.erase();
    await this.log.erase();
    await eraseLeadRows(this.env.DB, this.id);
    return { events, visitors: members.length };
  }

  /** Everything stored about the lead, for a data-subject access request. */
  async export(): Promise<{
    site: string | null;
    kind: string | null;
    events: LeadEvent[];
    merges: Merge[];
  }> {
    return {
      site: this.log.getMeta('site'),
      kind: this.log.getMeta('kind'),
      events: this.log.all(),
      merges: this.log.members(),
    };
  }

  /** Sends this visitor's pending history to its lead, then drops the local copy. */
  private async forward(site: string, leadId: string, firstTime: boolean): Promise<void> {
    const stub = leadStubById(this.env, leadId);
    if (!stub) throw new Error('invalid merge target');
    const events = this.log.all();
    if (events.length > 0) {
      await stub.absorb({ site, events, fromVisitor: this.id });
      // Only what was sent: events that arrived during the call are forwarded next time.
      this.log.delete(events.map((e) => e.id));
    }
    if (firstTime) {
      await markMerged(this.env.DB, {
        visitorId: this.id,
        site,
        leadId,
        rev: this.nextRev(),
        now: Date.now(),
      });
    }
  }

  /** The lead an `identify` event in this batch points to, if any (the latest one wins). */
  private identifiedLead(site: string, events: readonly LeadEvent[]): string | undefined {
    let latest: { at: number; email: string } | undefined;
    for (const e of events) {
      if (e.type === 'identify' && (!latest || e.at >= latest.at)) latest = { at: e.at, email: e.email };
    }
    return latest ? leadIdForEmail(this.env, site, latest.email) : undefined;
  }

  /** Binds the object to its site and kind on first use; a mismatch is a programming error. */
  private claim(site: string, kind: Kind): void {
    const current = this.log.getMeta('site');
    if (current === null) {
      this.log.setMeta('site', site);
      this.log.setMeta('kind', kind);
    } else if (current !== site) {
      throw new Error('this object belongs to another site');
    }
  }

  private nextRev(): number {
    const rev = Number(this.log.getMeta('rev') ?? '0') + 1;
    this.log.setMeta('rev', String(rev));
    return rev;
  }

  private async rescore(now: number): Promise<void> {
    const events = this.log.all();
    const result = scoreLead(events, DEFAULT_MODEL, now);
    const pages = pageVisits(events, result);
    const rev = this.nextRev();
    this.log.setMeta('result', JSON.stringify(result));
    await upsertLead(this.env.DB, {
      id: this.id,
      site: this.log.getMeta('site') ?? '',
      result,
      pageviews: pages.length,
      topics: [...new Set(pages.flatMap((p) => p.topics))],
      updatedAt: now,
      rev,
    });
  }
}
