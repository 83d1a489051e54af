// What the rules share: evidence from a fact (the fact's own exchanges), and the gates that keep
// one cause from being reported as several findings (a locked SIM also reads as "not
// registered"; a radio that is off also reads as "no signal"). Pure functions of Facts.

import type { FactName, Facts } from '../facts.ts';
import type { Evidence } from '../finding.ts';

/** Evidence resting on one fact: its words and the exchanges the fact cites. */
export function evidenceOf(facts: Facts, name: FactName, text: string): Evidence {
  const f = facts[name];
  return { fact: name, text, exchanges: f ? [...f.evidence] : [] };
}

/** The SIM is known to stand in the way of everything network-side (locked, blocked, missing). */
export function simBlocks(facts: Facts): boolean {
  const s = facts.sim?.value.state;
  return s !== undefined && s !== 'ready' && s !== 'unknown' && s !== 'not-ready';
}

/** The radio is known to be off (any mode but online; unknown counts as not known). */
export function radioOff(facts: Facts): boolean {
  const m = facts.radio?.value.mode;
  return m !== undefined && m !== 'online' && m !== 'unknown';
}

/** On a network (home or roaming). */
export function registered(facts: Facts): boolean {
  const s = facts.registration?.value.state;
  return s === 'registered' || s === 'roaming';
}

/** Known not to be on a network (searching, idle, denied). */
export function knownUnregistered(facts: Facts): boolean {
  const s = facts.registration?.value.state;
  return s !== undefined && s !== 'registered' && s !== 'roaming' && s !== 'unknown';
}

/** Something upstream (SIM, radio, registration) already explains why no data session works. */
export function networkBlocked(facts: Facts): boolean {
  return simBlocks(facts) || radioOff(facts) || knownUnregistered(facts);
}

/** The profile a data call uses when none is named, when the profiles were read. */
export function defaultProfile(facts: Facts) {
  const p = facts.profiles?.value;
  if (!p) return undefined;
  return p.profiles.find((x) => x.index === p.defaultIndex);
}

/** 3GPP TS 24.008 §10.5.6.6 session-management causes that say the APN is wrong or missing:
 *  #27 missing or unknown APN, #33 requested service option not subscribed. */
export const APN_CAUSES: ReadonlySet<number> = new Set([27, 33]);

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
