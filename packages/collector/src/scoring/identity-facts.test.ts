import { describe, expect, it } from 'vitest';
import { compileModel } from './compile';
import { DEFAULT_MODEL } from './default-model';
import { scoreLead } from './engine';
import type { FormEvent, LeadEvent, Props, TraitSource } from './events';
import { applyEvent, createLeadState, finalize } from './incremental';
import { day, form, identify, minutes, pageview, sales } from './test-helpers';

const model = compileModel(DEFAULT_MODEL);

/** A form marked for identification: the address and the marked profile fields in the event itself. */
const identifyingForm = (
  intent: string,
  email: string,
  traits: Props,
  o: { at: number; id?: string; source?: TraitSource },
): LeadEvent => ({
  ...(form(intent, o) as FormEvent),
  email,
  traits,
  ...(o.source ? { source: o.source } : {}),
});

const sourced = (email: string, source: TraitSource, o: { at: number; id?: string; traits?: Props }) => ({
  ...identify(email, o),
  source,
});

const rules = (r: { ledger: { ruleId: string }[] }) => r.ledger.map((l) => l.ruleId).sort();

describe('a form that carries an identity is one fact', () => {
  it('updates the profile before its own rules and fires the identify rules too', () => {
    const result = scoreLead(
      [
        identifyingForm(
          'newsletter',
          'cfo@customer.example',
          { title: 'CFO', company: 'Customer BV' },
          { at: day(0), id: 'signup' },
        ),
      ],
      model,
      day(0) + 1,
    );
    // The newsletter rule sees the business address of its own submission; the fit rules
    // listening to `identify` fire for the form that carries it.
    expect(rules(result)).toEqual([
      'business-email',
      'job-title-or-company',
      'leadership-title',
      'newsletter-signup-business',
    ]);
    expect(result.ledger.every((l) => l.eventId === 'signup' && !l.anonymous)).toBe(true);
    expect(result.scores).toEqual({ interest: 10, intent: 0, fit: 20 });
    expect(result.stage).toBe('known');
    expect(result.profile).toMatchObject({
      email: 'cfo@customer.example',
      domainCategory: 'business',
      company: 'Customer BV',
      traits: { title: 'CFO', company: 'Customer BV' },
      sources: {
        email: { source: 'form', at: day(0), eventId: 'signup' },
        title: { source: 'form', at: day(0), eventId: 'signup' },
      },
    });
  });

  it('a demo form from a gmail address with the title "Student" disqualifies: never hot, never an MQL', () => {
    const result = scoreLead(
      [
        pageview('/pricing', { at: day(0) }),
        identifyingForm(
          'demo_request',
          'sam.student@gmail.com',
          { title: 'Student', name: 'Sam' },
          {
            at: day(0) + minutes(3),
          },
        ),
      ],
      model,
      day(0) + minutes(4),
    );
    expect(result.disqualifiedBy?.ruleId).toBe('student');
    expect(result.profile.domainCategory).toBe('free');
    expect(result.ledger.some((l) => l.ruleId === 'business-email')).toBe(false);
    expect(result.total).toBe(40 + 15 + 5 - 30);
    expect(result.stage).toBe('known');
    expect(result.transitions.some((t) => t.to === 'mql' || t.to === 'hot')).toBe(false);
  });
});

describe('trait trust: the most trusted source wins, then the latest', () => {
  const cfoFromApi = (at: number) =>
    sourced('jo@customer.example', 'api', {
      at,
      id: 'crm',
      traits: { title: 'CFO', company: 'Customer BV' },
    });
  const internFromBeacon = (at: number) =>
    identify('jo@customer.example', {
      at,
      id: 'beacon',
      traits: { title: 'Student intern', company: 'Uni' },
    });

  it('a beacon after the API cannot overwrite what the API said, nor disqualify the lead', () => {
    const result = scoreLead([cfoFromApi(day(0)), internFromBeacon(day(1))], model, day(2));
    expect(result.disqualified).toBe(false);
    expect(result.profile.traits).toEqual({ title: 'CFO', company: 'Customer BV' });
    expect(result.profile.sources?.title).toEqual({ source: 'api', at: day(0), eventId: 'crm' });
    expect(rules(result)).toEqual(['business-email', 'job-title-or-company', 'leadership-title']);
  });

  it('a beacon before the API: what the API contradicts never counted, whichever arrives first', () => {
    const visit = pageview('/about', { at: day(0) + minutes(1), id: 'visit' });
    const events = [internFromBeacon(day(0)), visit, cfoFromApi(day(1))];
    const replayed = scoreLead(events, model, day(2));
    expect(replayed.disqualified).toBe(false);
    expect(replayed.ledger.some((l) => l.ruleId === 'student')).toBe(false);
    expect(replayed.profile.traits).toEqual({ title: 'CFO', company: 'Customer BV' });
    expect(replayed.ledger.find((l) => l.ruleId === 'leadership-title')?.eventId).toBe('crm');
    // Before the API's word arrives the beacon is all there is, and it disqualifies; the API's
    // value then rewrites that history like a late event.
    const state = createLeadState(model);
    applyEvent(state, internFromBeacon(day(0)));
    applyEvent(state, visit);
    expect(finalize(state, day(0) + minutes(2)).disqualifiedBy?.ruleId).toBe('student');
    expect(applyEvent(state, cfoFromApi(day(1)))).toBe('replayed');
    expect(finalize(state, day(2))).toEqual(replayed);
    // And any other arrival order gives the same result.
    for (const order of [
      [2, 0, 1],
      [1, 2, 0],
      [2, 1, 0],
    ]) {
      const other = createLeadState(model);
      for (const i of order) applyEvent(other, events[i] as LeadEvent);
      expect(finalize(other, day(2))).toEqual(replayed);
    }
  });

  it('a more trusted source saying the same keeps the earlier value in force', () => {
    const result = scoreLead(
      [
        identify('jo@customer.example', { at: day(0), id: 'script', traits: { title: 'CTO' } }),
        sourced('jo@customer.example', 'verified', { at: day(1), id: 'signed', traits: { title: 'cto ' } }),
      ],
      model,
      day(2),
    );
    expect(result.ledger.find((l) => l.ruleId === 'leadership-title')?.eventId).toBe('script');
    expect(result.profile.sources?.title).toEqual({ source: 'verified', at: day(1), eventId: 'signed' });
    expect(result.profile.sources?.email).toEqual({ source: 'verified', at: day(1), eventId: 'signed' });
  });

  it('within one source the latest wins, and what it disqualified stays history', () => {
    const result = scoreLead(
      [
        identify('jo@customer.example', { at: day(0), traits: { title: 'Student' } }),
        identify('jo@customer.example', { at: day(30), traits: { title: 'CTO' } }),
      ],
      model,
      day(31),
    );
    expect(result.profile.traits.title).toBe('CTO');
    expect(result.disqualifiedBy?.ruleId).toBe('student');
  });

  it('a form outranks a page script, a verified identify outranks a form', () => {
    const result = scoreLead(
      [
        identifyingForm(
          'contact',
          'jo@customer.example',
          { title: 'Head of IT', industry: 'Retail' },
          {
            at: day(0),
            id: 'form',
          },
        ),
        identify('jo@customer.example', {
          at: day(1),
          id: 'script',
          traits: { title: 'Intern', phone: '1' },
        }),
        sourced('jo@customer.example', 'verified', {
          at: day(2),
          id: 'signed',
          traits: { industry: 'Food' },
        }),
      ],
      model,
      day(3),
    );
    expect(result.profile.traits).toEqual({ title: 'Head of IT', industry: 'Food', phone: '1' });
    expect(result.profile.sources).toMatchObject({
      title: { source: 'form', eventId: 'form' },
      industry: { source: 'verified', eventId: 'signed' },
      phone: { source: 'script', eventId: 'script' },
    });
    expect(result.disqualified).toBe(false);
  });

  it('an empty field says nothing: it does not erase a known value', () => {
    const result = scoreLead(
      [
        identify('jo@customer.example', { at: day(0), traits: { title: 'CTO' } }),
        identify('jo@customer.example', { at: day(1), traits: { title: ' ' } }),
      ],
      model,
      day(2),
    );
    expect(result.profile.traits.title).toBe('CTO');
  });
});

describe('a sales action inside the identity window', () => {
  it('is a step of its own: what the lead reached before it is recorded first', () => {
    // The demo request makes the lead an MQL; sales accepts it a moment later, within the window.
    const events = [
      identifyingForm('demo_request', 'cfo@customer.example', { title: 'CFO' }, { at: day(0), id: 'demo' }),
      pageview('/pricing', { at: day(0) + 1, id: 'pricing' }),
      sales('accept', { at: day(0) + 170, id: 'accept' }),
    ];
    const result = scoreLead(events, model, day(1));
    const stages = result.transitions
      .filter((t) => t.kind === 'stage')
      .map((t) => [t.to, t.cause, t.eventId]);
    expect(stages).toEqual([
      ['known', 'event', 'demo'],
      ['mql', 'event', 'pricing'],
      ['sql', 'sales', 'accept'],
    ]);
    const band = result.transitions.find((t) => t.kind === 'band' && t.to === 'hot');
    expect(band).toMatchObject({ cause: 'event', eventId: 'pricing' });
  });
});
