import { describe, expect, it } from 'vitest';
import { compileModel } from './compile';
import { DEFAULT_MODEL } from './default-model';
import { diff, previewDiff } from './diff';
import { scoreLead } from './engine';
import { custom, day, emailClick, identify, minutes, pageview } from './test-helpers';

const model = compileModel(DEFAULT_MODEL);
const events = [
  identify('anna@customer.example', { at: day(0) }),
  emailClick({ at: day(0) + minutes(1) }),
  pageview('/?utm_medium=email', { at: day(0) + minutes(2) }),
  custom('product_check_completed', { at: day(1) }),
  custom('video_watched', { at: day(2) }),
  pageview('/costs', { at: day(3) }),
];

describe('diff', () => {
  it('reports a new event’s band and stage changes with their cause and event', () => {
    const prev = scoreLead(events.slice(0, 5), model, day(2) + 1);
    const next = scoreLead(events, model, day(3) + 1);
    expect(diff(prev, next)).toEqual([
      {
        kind: 'band',
        axis: 'total',
        from: 'warm',
        to: 'hot',
        cause: 'event',
        at: day(3),
        eventId: events[5]?.id,
      },
      { kind: 'stage', from: 'known', to: 'mql', cause: 'event', at: day(3), eventId: events[5]?.id },
    ]);
  });

  it('reports nothing when nothing visible changed', () => {
    const a = scoreLead(events, model, day(3) + 1);
    const b = scoreLead(events, model, day(4));
    expect(diff(a, b)).toEqual([]);
  });

  it('reports a model change as one change per track, caused by the model', () => {
    const before = scoreLead(events, model, day(4));
    const stricter = compileModel({
      ...DEFAULT_MODEL,
      version: 'stricter',
      bands: [
        {
          on: 'total',
          levels: [
            { name: 'cold', min: 0 },
            { name: 'warm', min: 26 },
            { name: 'hot', min: 81 },
          ],
        },
      ],
    });
    const after = scoreLead(events, stricter, day(4));
    expect(diff(before, after)).toEqual([
      { kind: 'band', axis: 'total', from: 'hot', to: 'warm', cause: 'model', at: day(4) },
    ]);
  });

  it('without an earlier result, every transition is new', () => {
    const result = scoreLead(events, model, day(4));
    expect(diff(undefined, result)).toEqual(result.transitions);
  });
});

describe('previewDiff', () => {
  it('counts leads per band and stage before and after, and the moves', () => {
    const stricter = compileModel({
      ...DEFAULT_MODEL,
      version: 'v2',
      stages: { ...DEFAULT_MODEL.stages, mql: [{ total: 70 }] },
    });
    const leads = [events, events.slice(0, 3), events.filter((e) => e.type !== 'identify')];
    const pairs = leads.map((history) => ({
      before: scoreLead(history, model, day(4)),
      after: scoreLead(history, stricter, day(4)),
    }));
    expect(previewDiff(pairs)).toEqual({
      leads: 3,
      changed: 1,
      bandChanged: 0,
      stageChanged: 1,
      bands: { before: { hot: 2, cold: 1 }, after: { hot: 2, cold: 1 } },
      stages: { before: { mql: 1, known: 1, visitor: 1 }, after: { known: 2, visitor: 1 } },
      bandMoves: {},
      stageMoves: { 'mql→known': 1 },
      disqualified: { before: 0, after: 0 },
      total: { up: 0, down: 0, meanDelta: 0 },
    });
  });
});
