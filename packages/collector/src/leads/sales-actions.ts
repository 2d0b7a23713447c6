import type { ScoreResult } from '../scoring';

/** The sales actions on a lead. */
export type SalesAction = 'accept' | 'reject' | 'outcome';

/** What the rules below need to know of a lead. */
export type LeadState = Pick<ScoreResult, 'stage' | 'outcome' | 'disqualified'> & {
  /** The lead's address, if known: an anonymous visitor has none. */
  email: string | undefined;
};

/**
 * Which sales actions make sense for a lead now, and why the others do not (the reason is shown
 * instead of the button, and is the 409 of a refused form). An anonymous visitor has no one to
 * contact; a won deal is closed; an accepted lead cannot be accepted again.
 */
export function whyNot(action: SalesAction, lead: LeadState): string | null {
  if (!lead.email) return 'This is an anonymous visitor: there is no one to contact until they identify.';
  switch (action) {
    case 'accept':
      if (lead.outcome === 'won') return 'The deal is won: there is nothing left to accept.';
      if (lead.stage === 'sql') return 'Sales has accepted this lead already.';
      if (lead.disqualified) return 'The lead is disqualified: it does not reach sales.';
      return null;
    case 'reject':
      if (lead.outcome === 'won') return 'The deal is won: there is nothing left to reject.';
      if (lead.stage === 'recycled') return 'Sales has sent this lead back already.';
      return null;
    case 'outcome':
      return null;
  }
}

/** `whyNot` for every action. */
export function salesOptions(lead: LeadState): Record<SalesAction, string | null> {
  return { accept: whyNot('accept', lead), reject: whyNot('reject', lead), outcome: whyNot('outcome', lead) };
}

export function leadState(r: ScoreResult): LeadState {
  return { stage: r.stage, outcome: r.outcome, disqualified: r.disqualified, email: r.profile.email };
}
