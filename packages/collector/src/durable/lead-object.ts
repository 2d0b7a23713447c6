import { DurableObject } from 'cloudflare:workers';
import { leaveAccount, syncAccount } from '../accounts/member-sync';
import { leadDailyEvents, retentionDays } from '../config';
import { leadState, whyNot } from '../leads/sales-actions';
import { recordOutcomeFeatures } from '../report/outcomes-store';
import {
  applyEvent,
  type CompiledModel,
  diff,
  finalize,
  type LeadState,
  nextChangeAt,
  pageTopics,
  replay,
  type ScoreResult,
  type Transition,
  viewedTopics,
} from '../scoring';
import type { LeadEvent, SalesEvent } from '../scoring/events';
import {
  foldedCount,
  rebase,
  restoreSafe,
  restoreState,
  snapshotAccepts,
  snapshotOf,
} from '../scoring/snapshot';
import { adoptableShadow, clearShadow, type StoredShadow, scoreShadow } from '../shadow/lead-shadow';
import { adoptShadowOutcome, currentShadow } from '../shadow/store';
import { withSiteCompetitors } from '../sites/site-model';
import { recordAction, SYSTEM_ACTOR } from '../storage/action-log';
import { nextOwner } from '../storage/assignment';
import { leadIdForEmail, leadStubById } from '../storage/lead-stub';
import { eraseLeadRows, markMerged, upsertLead } from '../storage/leads-index';
import { type ActiveModel, getActiveModel, getModelVersion } from '../storage/models';
import { siteConfig } from '../storage/sites';
import { type LeadOwner, notify } from '../webhooks/notification';
import { type DetailPaging, type DetailWindows, type Window, windowsOf } from './detail';
import { type Compacted, EventLog } from './event-log';
import { indexIntervalMs, mustIndexNow } from './index-policy';
import {
  type Deal,
  dealOf,
  type LeadSource,
  leadSource,
  type VisitSession,
  visitSessions,
} from './lead-source';
import {
  anonymousHoldMs,
  changesOnJoin,
  type HeldNotification,
  notificationsFor,
  signalEvents,
} from './notifications';
import { type PageVisit, pageVisits } from './page-visits';
import { compactLog, horizonDays, nextCompactionAt } from './retention';
import type { ScorePoint } from './score-history';
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
  /**
   * New browser events the daily budget counted but did not store (`LB_LEAD_DAILY_EVENTS`), here
   * and, for a visitor that forwards, in its lead.
   */
  dropped: number;
  /** The lead the events ended up in (this object, or the known lead a visitor merged into). */
  leadId: string;
};

export type Merge = { visitor: string; at: number };

export type LeadDetail = {
  id: string;
  site: string;
  kind: 'visitor' | 'lead';
  result: ScoreResult;
  /** The user who owns the lead, if any. */
  owner: LeadOwner | null;
  /** Where the lead came from: landing page, first referrer, campaign (UTM). */
  source: LeadSource;
  /** Visits grouped into browser sessions, newest first. */
  sessions: VisitSession[];
  /** The latest won or lost outcome with its value. */
  deal: Deal | null;
  pages: PageVisit[];
  timeline: TimelineItem[];
  merges: Merge[];
  history: ScorePoint[];
  /**
   * The days (UTC, `YYYY-MM-DD`) on which the daily event budget counted browser events without
   * storing them, newest first, at most 30.
   */
  dropped: { day: string; count: number }[];
  /**
   * What retention compacted (`LB_RETENTION_DAYS`): browser behaviour up to `through` lives only in
   * the score (the base snapshot), not in pages, timeline or sessions; null when nothing was.
   */
  compacted: Compacted | null;
  /** Where each paginated list stands: its window and how many items it has in all. */
  paging: DetailPaging;
  /** When the object's alarm will next re-score the lead (decay, expiry, inactivity), if ever. */
  nextChangeAt: number | null;
};

/** A lead's position before and after re-scoring with another model version. */
export type RescoreOutcome = {
  leadId: string;
  before: { band: string; stage: string; total: number };
  after: { band: string; stage: string; total: number };
  /** Promotions: the shadow's result `adopted` as it was, `rescored` anew, or already `current`. */
  how?: 'adopted' | 'rescored' | 'current';
  /**
   * Retention compacted the lead's browser history up to this time: another model version scores
   * it from the events kept (a snapshot of one model cannot serve another).
   */
  compactedThrough?: number;
};

type Kind = 'visitor' | 'lead';

/** Events folded between two snapshots of the lead's fold (the most a cold start applies to a snapshot). */
export const CHECKPOINT_EVENTS = 512;
/** Snapshots kept: a late event older than the newest refolds from the newest one that precedes it. */
const KEEP_SNAPSHOTS = 3;
/** Points of the score history kept (older ones thinned out past it). */
export const MAX_SCORE_POINTS = 240;

/** Meta key of stored events not yet scored and reported (see `markUnsettled`). */
const UNSETTLED = 'unsettled';

/**
 * Events stored but not yet scored and reported: the stored result from before them (JSON, '' for
 * none), whether they joined a browser to the lead, and a counter that grows with each call that
 * adds to them.
 */
/**
 * Events stored but not yet scored and reported: the result they are compared with, whether a
 * browser joined, and the ids of the new events (signal alerts look at them), newest last.
 */
type Unsettled = { before: string; joined: boolean; gen: number; fresh?: string[] };

/** Fresh event ids an unsettled mark keeps: signal alerts name at most a few recent events. */
const MAX_UNSETTLED_FRESH = 100;

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
  /**
   * The lead's fold while the object lives, for the model version `liveVersion`: events are applied
   * to it as they are stored (O(rules) each in order); a cold start restores it from the newest
   * snapshot and the log's tail. The log stays the truth: this is a cache of its fold.
   */
  private live: LeadState | null = null;
  private liveVersion = -1;
  /**
   * The index's page count and topics under a model, kept up to date as page views are stored (so
   * an index write costs the same at any history); counted from the log and the fold when missing.
   */
  private pagesSeen: { version: number; model: CompiledModel; count: number; topics: Set<string> } | null =
    null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.log = new EventLog(ctx.storage);
  }

  private get id(): string {
    return this.ctx.id.toString();
  }

  /**
   * Entry point of a visitor object: a browser's beacons, from the ingest queue's consumer (one call
   * per visitor and batch) and from the API's identify. Queues deliver at least once: a call may
   * repeat events already stored, and then only finishes what an earlier call left undone.
   */
  async ingest(req: IngestRequest): Promise<IngestResult> {
    this.claim(req.site, 'visitor');
    const { accepted, duplicates, dropped, added } = this.log.insert(req.events, leadDailyEvents(this.env));
    this.fold(added);
    // A merged visitor forwards its events and the lead marks them; only an unmerged one scores here.
    if (accepted > 0 && !this.log.getMeta('mergedInto')) this.markUnsettled(false, added);

    const target = req.linkLeadId ?? (await this.identifiedLead(req.site, req.events));
    const mergedInto = this.log.getMeta('mergedInto');
    if (target && target !== this.id && target !== mergedInto) this.log.setMeta('mergedInto', target);
    const lead = this.log.getMeta('mergedInto');
    if (!lead) {
      await this.settle(Date.now());
      return { accepted, duplicates, dropped, leadId: this.id };
    }
    // The lead scores the forwarded events; nothing is left to settle here.
    if (this.unsettled()) this.log.setMeta(UNSETTLED, '');
    this.dropHeld();
    const droppedByLead = await this.forward(req.site, lead, !mergedInto || mergedInto !== lead);
    // The lead has taken over this browser's events for its own account (or, free-mail, for none).
    await leaveAccount(this.env, this.log, req.site, this.id);
    return { accepted, duplicates, dropped: dropped + droppedByLead, leadId: lead };
  }

  /** Entry point of a lead object: history forwarded by visitors, and server-side events. */
  async absorb(req: AbsorbRequest): Promise<IngestResult> {
    this.claim(req.site, 'lead');
    const { accepted, duplicates, dropped, added } = this.log.insert(req.events, leadDailyEvents(this.env));
    this.fold(added);
    const joined = req.fromVisitor !== undefined && !this.log.hasMember(req.fromVisitor);
    if (accepted > 0) this.markUnsettled(joined, added);
    if (req.fromVisitor) this.log.addMember(req.fromVisitor, Date.now());
    await this.settle(Date.now());
    return { accepted, duplicates, dropped, leadId: this.id };
  }

  /**
   * Records, in the same storage turn as the events, that they are stored but not yet scored and
   * reported (index, notifications, outcome row), with the result they will be compared with. If
   * the object is reset or a store fails before `settle` ends, the events are already in the log
   * and a retried delivery stores nothing new: the mark is what makes it finish the work, against
   * the result from before, so the same changes are reported (notification ids are derived from the
   * change, so one sent before the failure is not sent twice).
   */
  private markUnsettled(joined: boolean, fresh: readonly LeadEvent[]): void {
    const open = this.unsettled();
    const ids = [...(open?.fresh ?? []), ...fresh.map((e) => e.id)].slice(-MAX_UNSETTLED_FRESH);
    const mark: Unsettled = open
      ? { before: open.before, joined: open.joined || joined, gen: open.gen + 1, fresh: ids }
      : { before: this.log.getMeta('result') ?? '', joined, gen: 1, fresh: ids };
    this.log.setMeta(UNSETTLED, JSON.stringify(mark));
  }

  private unsettled(): Unsettled | null {
    const raw = this.log.getMeta(UNSETTLED);
    return raw ? (JSON.parse(raw) as Unsettled) : null;
  }

  /** Calls of `settle` running in this instance (a reset instance starts with none). */
  private settling = 0;

  /**
   * Scores and reports what `markUnsettled` recorded, if anything, then clears the mark unless more
   * events were marked meanwhile (their own call clears it). A mark that no running call owns was
   * left by a call that failed: the result is first put back to where it stood before those events.
   */
  private async settle(now: number): Promise<void> {
    const open = this.unsettled();
    if (!open) return;
    if (this.settling === 0 && (this.log.getMeta('result') ?? '') !== open.before) {
      this.log.setMeta('result', open.before);
    }
    this.settling++;
    try {
      await this.rescore(now, { joined: open.joined, freshIds: new Set(open.fresh ?? []) });
    } finally {
      this.settling--;
    }
    if (this.unsettled()?.gen === open.gen) this.log.setMeta(UNSETTLED, '');
  }

  /**
   * A sales action (accept, reject, an outcome) when it makes sense for the lead as it stands
   * (leads/sales-actions.ts; judged on the stored result, without a replay), then recorded like any
   * event. Answers why not, or the lead's stage and band after it.
   */
  async sell(req: {
    site: string;
    event: SalesEvent;
  }): Promise<{ refused: string } | { stage: string; band: string }> {
    const stored = this.storedResult();
    if (this.log.getMeta('site') === null || !stored) return { refused: 'no such lead' };
    const action = req.event.action === 'won' || req.event.action === 'lost' ? 'outcome' : req.event.action;
    const refused = whyNot(action, leadState(stored));
    if (refused) return { refused };
    const floor = Number(this.log.getMeta('retainedAfter') ?? Number.NEGATIVE_INFINITY);
    if (req.event.at <= floor) {
      return {
        refused: `at: on or before ${new Date(floor).toISOString()}, where the lead's history is compacted (LB_RETENTION_DAYS): an outcome there can no longer be scored`,
      };
    }
    await this.absorb({ site: req.site, events: [req.event] });
    const after = this.storedResult() ?? stored;
    return { stage: after.stage, band: after.band };
  }

  /**
   * The lead as the API shows it: score, ledger, pages read, timeline and merges, each list one
   * window of at most `MAX_WINDOW` items (counted back from the newest, shown oldest first), the
   * score history from its stored points.
   * Built from the live fold: the full ledger is made here, never on the beacon's path.
   */
  async detail(
    windows: DetailWindows = {},
    ledgerOrder: 'time' | 'impact' = 'time',
  ): Promise<LeadDetail | null> {
    const site = this.log.getMeta('site');
    if (site === null) return null;
    const model = await this.modelFor();
    const now = Date.now();
    const full = finalize(this.scoring(model), now);
    const w = windowsOf(windows);
    const pageEvents = this.log.page({ types: ['pageview'], ...w.pages });
    const engagements = this.log.engagementsOf(pageEvents);
    // A window counts back from the newest item; its items are oldest first, as the whole list was.
    const newest = <T>(list: readonly T[], win: Window) =>
      list.slice(Math.max(0, list.length - win.offset - win.limit), Math.max(0, list.length - win.offset));
    const result: ScoreResult = {
      ...full,
      // Largest impact last, so that the window counted back from the end holds the largest.
      ledger: newest(
        ledgerOrder === 'impact'
          ? [...full.ledger].sort((a, b) => Math.abs(a.value) - Math.abs(b.value) || a.at - b.at)
          : full.ledger,
        w.ledger,
      ),
      transitions: newest(full.transitions, w.transitions),
    };
    pageEvents.reverse();
    const pages = pageVisits([...pageEvents, ...engagements], full, model.compiled);
    const points = this.log.points();
    const history: ScorePoint[] = [
      ...points,
      { at: now, total: full.total, ...full.scores, band: full.band },
    ];
    const alarm = await this.ctx.storage.getAlarm();
    return {
      id: this.id,
      site,
      kind: (this.log.getMeta('kind') as Kind | null) ?? 'visitor',
      result,
      owner: this.owner(),
      // Where the lead came from: its first page views; its visits: the newest browser events; its
      // deal: the latest outcome. Each read is bounded, whatever the history.
      source: this.source(),
      sessions: visitSessions(
        this.log.page({ types: SESSION_TYPES, offset: 0, limit: SESSION_EVENTS }),
        full.knownAt,
      ).slice(0, MAX_SESSIONS),
      deal: dealOf(this.log.page({ types: ['sales'], offset: 0, limit: 100 })),
      pages,
      timeline: timelineOf(this.log.page({ except: TIMELINE_SKIPS, ...w.timeline }).reverse()),
      merges: this.log.members(),
      history,
      dropped: this.log.droppedDays(30),
      compacted: this.log.compacted(),
      paging: {
        pages: { ...w.pages, total: this.log.countOf({ types: ['pageview'] }) },
        timeline: { ...w.timeline, total: this.log.countOf({ except: TIMELINE_SKIPS }) },
        ledger: { ...w.ledger, total: full.ledger.length },
        transitions: { ...w.transitions, total: full.transitions.length },
      },
      nextChangeAt: alarm,
    };
  }

  /**
   * Fires when decay, an expiry or inactivity changes the lead's band or stage (records and notifies
   * it), when a deferred index write is due, and when an anonymous visitor's held notifications are.
   */
  override async alarm(): Promise<void> {
    if (this.log.getMeta('site') === null) return;
    if (this.log.getMeta('mergedInto')) {
      this.dropHeld();
      return;
    }
    // Retention's turn first (it changes no score), then the usual work: events left unsettled by
    // a failed call are finished first, against the result from before them.
    await this.compactIfDue(Date.now());
    if (this.unsettled()) await this.settle(Date.now());
    else await this.rescore(Date.now());
  }

  /**
   * Retention (src/durable/retention.ts), when its time has come: never on a beacon's path, at most
   * once a day. The live fold is rebuilt from the new base on the next call (the events it was
   * folded from are gone), and the index's page count keeps the compacted page views.
   */
  private async compactIfDue(now: number): Promise<void> {
    const due = Number(this.log.getMeta('compactAt') ?? Number.NaN);
    if (!(due <= now)) return;
    const setting = retentionDays(this.env);
    const model = await this.modelFor();
    if (setting !== null) {
      // The lead's source is its first page views: kept before they go.
      if (this.log.getMeta('source') === null) this.log.setMeta('source', JSON.stringify(this.firstSource()));
      if (compactLog(this.log, model, setting, now) > 0) {
        this.live = null;
        this.pagesSeen = null;
      }
    }
    this.scheduleCompaction(now, model, true);
  }

  /**
   * When retention next runs (meta `compactAt`): worked out once (the oldest compactable event, by
   * the type index), and again after each run (`again`) and when the setting is switched off.
   */
  private scheduleCompaction(now: number, model: ActiveModel, again = false): number | null {
    const setting = retentionDays(this.env);
    const raw = this.log.getMeta('compactAt');
    if (raw !== null && !again && (setting !== null || raw === '')) return raw === '' ? null : Number(raw);
    const at = nextCompactionAt(this.log, setting === null ? null : horizonDays(setting, model), now);
    this.log.setMeta('compactAt', at === null ? '' : String(at));
    return at;
  }

  /** Where the lead came from: as retention kept it before the first page views went, else from them. */
  private source(): LeadSource {
    const kept = this.log.getMeta('source');
    return kept ? (JSON.parse(kept) as LeadSource) : this.firstSource();
  }

  private firstSource(): LeadSource {
    return leadSource(
      this.log.page({
        types: ['pageview'],
        ...oldestWindow(this.log.countOf({ types: ['pageview'] }), SOURCE_PAGES),
      }),
    );
  }

  /**
   * Re-scores the lead with a given model version (publication, rollback). The change is recorded
   * and notified with cause "model" like any other.
   */
  async rescoreWith(version: number): Promise<RescoreOutcome | null> {
    if (this.log.getMeta('site') === null || this.log.getMeta('mergedInto')) return null;
    const before = this.storedResult();
    const after = await this.rescore(Date.now(), { version });
    return {
      leadId: this.id,
      before: position(before ?? after),
      after: position(after),
      ...this.compactedNote(),
    };
  }

  /** `compactedThrough` for a job's outcome, when retention compacted this lead's history. */
  private compactedNote(): { compactedThrough?: number } {
    const through = this.log.compacted()?.through;
    return through === undefined ? {} : { compactedThrough: through };
  }

  /**
   * Scores the lead with the running shadow model (the job that starts a shadow): the lead's own
   * result, stage and notifications stay as they are. `after` is the shadow's position.
   */
  async shadowScore(): Promise<RescoreOutcome | null> {
    const active = this.storedResult();
    if (this.log.getMeta('site') === null || this.log.getMeta('mergedInto') || !active) return null;
    const now = Date.now();
    const s = await scoreShadow({
      ...this.shadowContext(now),
      events: () => this.log.all(),
      rev: Number(this.log.getMeta('rev') ?? '0'),
      active,
      activeVersion: (await this.modelFor()).version,
      shadow: await currentShadow(this.env.DB, { fresh: true }),
      competitors: await this.siteCompetitors(),
      forceWrite: true,
    });
    return s ? { leadId: this.id, before: position(active), after: position(s.result) } : null;
  }

  /**
   * Promotes the shadow `version` for this lead: adopts the shadow's stored result as the lead's own
   * when it is current (nothing is recomputed), else re-scores with the version. Changes are
   * recorded and notified with cause "model", as a publication's are.
   */
  async promoteShadow(version: number): Promise<RescoreOutcome | null> {
    if (this.log.getMeta('site') === null || this.log.getMeta('mergedInto')) return null;
    const before = this.storedResult();
    const target = await this.modelFor(version);
    if (before && before.modelVersion === target.model.version) {
      return { leadId: this.id, before: position(before), after: position(before), how: 'current' };
    }
    const now = Date.now();
    const adopted = adoptableShadow(this.log, version, Number(this.log.getMeta('rev') ?? '0'), now);
    const after = await this.rescore(now, { version, ...(adopted ? { adopted } : {}) });
    return {
      leadId: this.id,
      before: position(before ?? after),
      after: position(after),
      how: adopted ? 'adopted' : 'rescored',
    };
  }

  /** What a candidate model version would make of this lead, without changing anything. */
  async preview(version: number): Promise<RescoreOutcome | null> {
    if (this.log.getMeta('site') === null || this.log.getMeta('mergedInto')) return null;
    const now = Date.now();
    const [current, candidate] = await Promise.all([this.modelFor(), this.modelFor(version)]);
    // Before: the lead as it stands (its fold, compacted history included). After: the candidate
    // replays the events kept, as its publication would.
    const before = finalize(this.scoring(current), now, { ledger: false });
    const after =
      candidate.version === current.version
        ? before
        : finalize(replay(this.log.all(), candidate.compiled), now, { ledger: false });
    return { leadId: this.id, before: position(before), after: position(after), ...this.compactedNote() };
  }

  /**
   * Erases the lead completely: its own storage, every visitor object merged into it, and its rows
   * in the D1 index. What other stores hold about it (webhook deliveries) is erased by the caller.
   */
  async erase(): Promise<{ events: number; visitors: number }> {
    const members = this.log.members();
    const events = this.log.count();
    // Its contribution to its account goes first (the account re-scores without it).
    await leaveAccount(this.env, this.log, this.log.getMeta('site') ?? '', this.id);
    for (const m of members) await leadStubById(this.env, m.visitor)?.erase();
    await this.log.erase();
    this.live = null;
    this.pagesSeen = null;
    await eraseLeadRows(this.env.DB, this.id);
    return { events, visitors: members.length };
  }

  /**
   * Everything stored about the lead, for a data-subject access request: the kept events, and what
   * retention compacted (browser behaviour up to `compacted.through`, now only in the score).
   */
  async export(): Promise<{
    site: string | null;
    kind: string | null;
    events: LeadEvent[];
    merges: Merge[];
    compacted: Compacted | null;
  }> {
    return {
      site: this.log.getMeta('site'),
      kind: this.log.getMeta('kind'),
      events: this.log.all(),
      merges: this.log.members(),
      compacted: this.log.compacted(),
    };
  }

  /**
   * Assigns the lead to a user, or to nobody (`null`). The owner is written to the D1 index at
   * once (lists, filters) and goes with every notification from now on (`lead.owner`).
   */
  async setOwner(owner: LeadOwner | null): Promise<LeadOwner | null> {
    if (this.log.getMeta('site') === null || this.log.getMeta('mergedInto')) return null;
    this.log.setMeta('owner', owner ? JSON.stringify(owner) : '');
    await this.rescore(Date.now(), { indexNow: true });
    return owner;
  }

  private owner(): LeadOwner | null {
    const raw = this.log.getMeta('owner');
    return raw ? (JSON.parse(raw) as LeadOwner) : null;
  }

  /**
   * A new MQL of a site that assigns round-robin gets the next of the site's sales users, when it
   * has no owner yet. Never fails scoring: without an assignment the lead simply stays unowned.
   */
  private async assignNewMql(
    site: string,
    changes: readonly Transition[],
    anonymous: boolean,
  ): Promise<LeadOwner | null> {
    if (anonymous || this.owner() || !changes.some((t) => t.kind === 'stage' && t.to === 'mql')) return null;
    try {
      if ((await siteConfig(this.env, site))?.autoAssign !== 'round-robin') return null;
      const owner = await nextOwner(this.env.DB, site);
      if (!owner) return null;
      this.log.setMeta('owner', JSON.stringify(owner));
      await recordAction(this.env.DB, {
        actor: SYSTEM_ACTOR,
        action: 'lead.assign',
        target: owner.id,
        leadId: this.id,
        detail: `round-robin: ${owner.name}`,
      });
      return owner;
    } catch (err) {
      console.error('round-robin assignment failed', err);
      return null;
    }
  }

  /**
   * Sends this visitor's pending history to its lead, then drops the local copy. Answers how many of
   * the events the lead's daily budget dropped.
   */
  private async forward(site: string, leadId: string, firstTime: boolean): Promise<number> {
    const stub = leadStubById(this.env, leadId);
    if (!stub) throw new Error('invalid merge target');
    const events = this.log.all();
    let dropped = 0;
    if (events.length > 0) {
      ({ dropped } = await stub.absorb({ site, events, fromVisitor: this.id }));
      // Only what was sent: events that arrived during the call are forwarded next time.
      this.log.delete(events.map((e) => e.id));
      this.live = null;
      this.pagesSeen = null;
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
    return dropped;
  }

  /**
   * The lead this batch identifies the browser as, if any: an `identify`, or a form carrying an
   * address (the submission and its identity are one fact). The latest one wins.
   */
  private async identifiedLead(site: string, events: readonly LeadEvent[]): Promise<string | undefined> {
    let latest: { at: number; email: string } | undefined;
    for (const e of events) {
      const email = e.type === 'identify' || e.type === 'form' ? e.email : undefined;
      if (email !== undefined && (!latest || e.at >= latest.at)) latest = { at: e.at, email };
    }
    if (!latest) return undefined;
    const { model } = await this.modelFor();
    return leadIdForEmail(this.env, site, latest.email, model.plusAddressing);
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

  /**
   * The active model, or a given version (a version that vanished falls back to the active one),
   * with the site's own competitors (site settings) joined to the model's.
   */
  private async modelFor(version?: number): Promise<ActiveModel> {
    const model =
      (version !== undefined ? await getModelVersion(this.env.DB, version) : null) ??
      (await getActiveModel(this.env.DB));
    return withSiteCompetitors(model, await this.siteCompetitors());
  }

  private async siteCompetitors(): Promise<readonly string[] | undefined> {
    const site = this.log.getMeta('site');
    return site === null ? undefined : (await siteConfig(this.env, site))?.competitors;
  }

  private storedResult(): ScoreResult | undefined {
    const raw = this.log.getMeta('result');
    return raw ? (JSON.parse(raw) as ScoreResult) : undefined;
  }

  /** An anonymous visitor's notifications waiting for their time (see `anonymousHoldMs`). */
  private held(): HeldNotification[] {
    return JSON.parse(this.log.getMeta('held') ?? '[]') as HeldNotification[];
  }

  /** A visitor that merged drops what it held: the lead reports the person's changes from now on. */
  private dropHeld(): void {
    const held = this.log.getMeta('held');
    if (held !== null && held !== '[]') this.log.setMeta('held', '[]');
  }

  private shadowContext(now: number) {
    return {
      db: this.env.DB,
      meta: this.log,
      leadId: this.id,
      site: this.log.getMeta('site') ?? '',
      now,
      indexIntervalMs: indexIntervalMs(this.env.LB_INDEX_INTERVAL_SECONDS),
    };
  }

  /**
   * Events just stored: drops the snapshots whose fold they land in (a late event), and applies
   * them to the live fold; one it cannot take (older than its snapshot) drops it, and the next
   * read rebuilds it from an older snapshot or the whole log.
   */
  private fold(added: readonly LeadEvent[]): void {
    if (added.length === 0) return;
    const seen = this.pagesSeen;
    if (seen !== null) {
      for (const e of added) {
        if (e.type !== 'pageview') continue;
        seen.count++;
        for (const t of pageTopics(seen.model, e)) seen.topics.add(t);
      }
    }
    for (const h of this.log.snapshotHeads()) {
      // Retention's base is never dropped: the events it folded are gone (see `scoring`).
      if (h.base) continue;
      if (added.some((e) => !snapshotAccepts({ acc: h.head }, e))) this.log.dropSnapshot(h.id);
    }
    const live = this.live;
    if (live === null) return;
    for (const e of added) {
      if (applyEvent(live, e) === 'stale') {
        this.live = null;
        return;
      }
    }
  }

  /** The page views and their topics, for the index (see `pagesSeen`). */
  /**
   * The new events that may be signals, with the topics of the pages they happened on (the newest
   * page views: a signal is recent). Reads only those events and a window of page views.
   */
  private signals(ids: ReadonlySet<string>, result: ScoreResult, model: ActiveModel, now: number) {
    const fresh = this.log.byIds([...ids]);
    const views = this.log.page({ types: ['pageview'], offset: 0, limit: SIGNAL_PAGES }).reverse();
    const pages = pageVisits([...views, ...this.log.engagementsOf(views)], result, model.compiled);
    return signalEvents(fresh, pages, now);
  }

  private pageSummary(model: ActiveModel): { count: number; topics: string[] } {
    let seen = this.pagesSeen;
    if (seen === null || seen.version !== model.version || seen.model !== model.compiled) {
      const state = this.scoring(model);
      seen = {
        version: model.version,
        model: model.compiled,
        // Page views retention compacted still count (their topics are in the fold's pages).
        count: this.log.countOf({ types: ['pageview'] }) + (this.log.compacted()?.byType.pageview ?? 0),
        topics: new Set(viewedTopics(state)),
      };
      this.pagesSeen = seen;
    }
    return { count: seen.count, topics: [...seen.topics] };
  }

  /**
   * The lead's fold under `model`: the live one, else the newest snapshot of that model with the
   * log's tail, else a replay of the whole log (the first time, or after a model change).
   */
  private scoring(model: ActiveModel): LeadState {
    if (this.live !== null && this.liveVersion === model.version && this.live.model === model.compiled) {
      return this.live;
    }
    let state: LeadState | null = null;
    for (const h of this.log.snapshotHeads()) {
      if (h.model !== String(model.version)) continue;
      const snap = this.log.loadSnapshot(h.id);
      if (snap && snap.model === model.compiled.version) {
        const tail = this.log.after(snap.through);
        // Identity facts on both sides of the snapshot: an older snapshot, or the whole history
        // (restoreSafe). Retention's base is the history before it, so it is always restored: an
        // identity after it that contradicts, with more trust, one it folded counts from its own
        // time on, and no longer rewrites the compacted past.
        if (!h.base && !restoreSafe(snap, tail)) continue;
        state = restoreState(model.compiled, snap, tail);
        break;
      }
    }
    // No snapshot of this model: the kept events (after a model change, what retention compacted
    // is not in them).
    state ??= replay(this.log.all(), model.compiled);
    this.live = state;
    this.liveVersion = model.version;
    return state;
  }

  /**
   * A checkpoint: every `CHECKPOINT_EVENTS` folded events the fold is written as a snapshot (the
   * newest few kept), and the live state keeps only what follows it.
   */
  private checkpoint(model: ActiveModel, state: LeadState): void {
    const last = this.log.snapshotHeads().find((h) => h.model === String(model.version));
    if (foldedCount(state) - (last?.events ?? 0) < CHECKPOINT_EVENTS) return;
    const snap = snapshotOf(state);
    this.log.saveSnapshot(snap, String(model.version), KEEP_SNAPSHOTS);
    if (this.live === state) this.live = rebase(state, snap);
  }

  /**
   * Scores the whole history at `now` (or adopts a promoted shadow's result as it is), stores the
   * result, updates the index, notifies what changed and re-arms the alarm for the next moment time
   * alone would change the band or stage (or a deferred index write or a held notification is due);
   * then scores the running shadow model beside it. `joined`: a browser's history has just joined
   * this lead, so each band and stage reports its net change (`changesOnJoin`). `freshIds`: the events
   * stored for the first time, which signal alerts look at.
   */
  private async rescore(
    now: number,
    opts: {
      version?: number;
      joined?: boolean;
      adopted?: StoredShadow;
      freshIds?: ReadonlySet<string>;
      indexNow?: boolean;
    } = {},
  ): Promise<ScoreResult> {
    const { adopted } = opts;
    const model = await this.modelFor(opts.version);
    const state = adopted ? null : this.scoring(model);
    // What the next call compares with: no ledger (built only for a notification and the detail).
    const result = state
      ? finalize(state, now, { ledger: false })
      : summary((adopted as StoredShadow).result);
    const prev = this.storedResult();
    const changes = opts.joined ? changesOnJoin(prev, result) : diff(prev, result);
    const site = this.log.getMeta('site') ?? '';
    const anonymous = this.log.getMeta('kind') !== 'lead';
    const rev = this.nextRev();
    this.log.setMeta('result', JSON.stringify(result));
    const assigned = await this.assignNewMql(site, changes, anonymous);
    const owner = this.owner();

    const indexedAt = Number(this.log.getMeta('indexedAt') ?? Number.NaN);
    const interval = indexIntervalMs(this.env.LB_INDEX_INTERVAL_SECONDS);
    const lastIndexed = Number.isFinite(indexedAt) ? indexedAt : null;
    // Time-driven changes, deferred index writes and held notifications share the one alarm: the earliest wins.
    let wake = state ? nextChangeAt(state, now) : (adopted as StoredShadow).nextChangeAt;
    const wakeBy = (at: number) => {
      wake = wake === null ? at : Math.min(wake, at);
    };
    if (opts.indexNow || assigned || mustIndexNow(prev, result, lastIndexed, now, interval)) {
      const pages = this.pageSummary(model);
      await upsertLead(this.env.DB, {
        id: this.id,
        site,
        result,
        pageviews: pages.count,
        topics: pages.topics,
        updatedAt: now,
        rev,
        ownerId: owner?.id ?? null,
      });
      this.log.setMeta('indexedAt', String(now));
      this.log.setMeta('indexDirty', '0');
    } else {
      this.log.setMeta('indexDirty', '1');
      wakeBy((lastIndexed ?? now) + interval);
    }

    if (state) {
      this.log.addPoint(
        { at: now, total: result.total, ...result.scores, band: result.band },
        MAX_SCORE_POINTS,
      );
    }
    // A notification says why (the lines worth most): the ledger is built only when there is one.
    const told = changes.length > 0 && state ? finalize(state, now) : result;
    const notifications = notificationsFor(prev, told, changes, {
      site,
      leadId: this.id,
      model: model.model,
      anonymous,
      topics: this.pageSummary(model).topics,
      signals: opts.freshIds?.size ? this.signals(opts.freshIds, told, model, now) : [],
      owner,
      ...(this.env.LB_PUBLIC_URL ? { publicUrl: this.env.LB_PUBLIC_URL } : {}),
    });
    // A known lead tells at once. An anonymous visitor holds its news a moment: if an identify
    // follows (older SDKs send it right after the form), it merges, drops what it held and the
    // lead reports the change once, about the person.
    let due = notifications;
    if (anonymous) {
      const hold = anonymousHoldMs(this.env.LB_ANONYMOUS_NOTIFY_DELAY_SECONDS);
      const held = [...this.held(), ...notifications.map((n) => ({ due: now + hold, notification: n }))];
      due = held.filter((h) => h.due <= now).map((h) => h.notification);
      const waiting = held.filter((h) => h.due > now);
      this.log.setMeta('held', JSON.stringify(waiting));
      for (const h of waiting) wakeBy(h.due);
    }
    // Notifications are idempotent on their ids. A failure must not lose the events, which are
    // already stored: it is logged, and an anonymous visitor tries its held ones again later.
    if (due.length > 0) {
      await notify(this.env, due).catch((err) => {
        console.error('webhook notify failed', err);
        if (!anonymous) return;
        const retryAt = now + anonymousHoldMs(this.env.LB_ANONYMOUS_NOTIFY_DELAY_SECONDS) + 1000;
        this.log.setMeta(
          'held',
          JSON.stringify([...this.held(), ...due.map((n) => ({ due: retryAt, notification: n }))]),
        );
        wakeBy(retryAt);
      });
    }
    const compactAt = this.scheduleCompaction(now, model);
    if (compactAt !== null) wakeBy(Math.max(compactAt, now));
    if (wake === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(wake);

    // The model report's evidence; like notifications, it must never make scoring fail. An adopted
    // shadow result brings its outcome record along.
    // A decided lead's record reads its whole history (the features as it stood before the outcome).
    await (adopted
      ? adoptShadowOutcome(this.env.DB, this.id, adopted.shadowId, rev)
      : result.outcome
        ? recordOutcomeFeatures(this.env.DB, {
            leadId: this.id,
            site,
            result,
            events: this.log.all(),
            model,
            rev,
          })
        : Promise.resolve()
    ).catch((err) => console.error('outcome features failed', err));
    if (adopted) clearShadow(this.log);
    else {
      if (state) this.checkpoint(model, state);
      // The shadow model beside it: never notifies, never changes the lead, never fails scoring.
      await scoreShadow({
        ...this.shadowContext(now),
        events: () => this.log.all(),
        rev,
        active: result,
        activeVersion: model.version,
        competitors: await this.siteCompetitors(),
      }).catch((err) => console.error('shadow scoring failed', err));
    }
    // Last, after the lead's own work: its account hears what it has not seen yet. A failure fails
    // the call, so the work is retried (see src/accounts/member-sync.ts).
    await syncAccount({
      env: this.env,
      store: {
        getMeta: (k) => this.log.getMeta(k),
        setMeta: (k, v) => this.log.setMeta(k, v),
        sql: this.ctx.storage.sql,
      },
      site,
      memberId: this.id,
      kind: anonymous ? 'visitor' : 'lead',
      result,
    });
    return result;
  }
}

/** Page views a signal alert looks among for the page its event happened on. */
const SIGNAL_PAGES = 50;
/** The lead's source is read from its first page views. */
const SOURCE_PAGES = 200;
/** Visits are grouped from the newest browser events, and the newest sessions are shown. */
const SESSION_EVENTS = 200;
const MAX_SESSIONS = 20;
const SESSION_TYPES = ['pageview', 'download', 'outbound', 'mailto', 'tel', 'form', 'custom'] as const;

/** The window of the oldest `n` of `total` items, counted back from the newest (as `EventLog.page` counts). */
function oldestWindow(total: number, n: number): { offset: number; limit: number } {
  return { offset: Math.max(0, total - n), limit: n };
}

/** Event types the timeline leaves out (engagement and vitals are folded into the page visits). */
const TIMELINE_SKIPS = ['engagement', 'vitals'] as const;

/** A result as the object stores it: without its ledger (the detail builds that from the fold). */
function summary(r: ScoreResult): ScoreResult {
  return r.ledger.length === 0 ? r : { ...r, ledger: [] };
}

function position(r: ScoreResult): RescoreOutcome['before'] {
  return { band: r.band, stage: r.stage, total: r.total };
}
