// The SIM: missing, locked by its PIN, by its PUK, or blocked for good. One finding for the SIM's
// state, never more: a locked SIM also reads as "not registered" and has no profiles to judge,
// and network.ts / apn.ts stay quiet while simBlocks() holds.

import type { Facts, SimFacts } from '../facts.ts';
import type { Finding, FixOffer } from '../finding.ts';
import { evidenceOf, plural } from './support.ts';

function attempts(s: SimFacts): string {
  const parts: string[] = [];
  if (s.pinLeft !== undefined) parts.push(`PIN attempts left: ${s.pinLeft}`);
  if (s.pukLeft !== undefined) parts.push(`PUK attempts left: ${s.pukLeft}`);
  return parts.join(', ');
}

function pinFinding(facts: Facts, s: SimFacts): Finding {
  const left = s.pinLeft;
  const offer: FixOffer = { fix: 'unlock-sim', label: 'Enter the SIM PIN (asked for, never stored or logged)', secrets: ['pin'] };
  if (left === 1) offer.needsForce = 'one PIN attempt is left: a wrong PIN now blocks the SIM until its PUK is entered';
  return {
    id: 'sim-pin-required',
    severity: 'error',
    title: 'The SIM is locked: it wants its PIN',
    explanation: 'The SIM card asks for its PIN (the 4–8 digit code from the card\'s holder or the provider\'s letter) each time the modem starts. '
      + 'Until it is entered the modem cannot read the SIM, register on a network or connect. '
      + (left !== undefined ? `${plural(left, 'attempt')} left; after the last wrong one the SIM wants its PUK. ` : '')
      + 'The doctor enters it only when you give it, once, and never retries by itself.',
    evidence: [evidenceOf(facts, 'sim', `SIM state: PIN required${attempts(s) ? `; ${attempts(s)}` : ''}`)],
    fixes: [offer],
    ...(left !== undefined ? { values: { pinLeft: left } } : {}),
  };
}

function pukFinding(facts: Facts, s: SimFacts): Finding {
  const left = s.pukLeft;
  const offer: FixOffer = { fix: 'unlock-sim', label: 'Enter the PUK and choose a new PIN (asked for, never stored or logged)', secrets: ['puk', 'new-pin'] };
  if (left === 1) offer.needsForce = 'one PUK attempt is left: a wrong PUK now blocks the SIM for good';
  return {
    id: 'sim-puk-required',
    severity: 'error',
    title: 'The SIM is blocked by wrong PINs: it wants its PUK',
    explanation: 'Three wrong PINs were entered, so the SIM now asks for its PUK (the 8-digit unblocking code on the card\'s holder, or from the provider) and a new PIN. '
      + (left !== undefined ? `${plural(left, 'PUK attempt')} left; when they are used up the SIM is blocked for good and only a new SIM helps. ` : '')
      + 'Do not guess the PUK.',
    evidence: [evidenceOf(facts, 'sim', `SIM state: PUK required${attempts(s) ? `; ${attempts(s)}` : ''}`)],
    fixes: [offer],
    ...(left !== undefined ? { values: { pukLeft: left } } : {}),
  };
}

export function simRules(facts: Facts): Finding[] {
  const s = facts.sim?.value;
  if (!s) return [];
  switch (s.state) {
    case 'absent':
      return [{
        id: 'sim-absent',
        severity: 'error',
        title: 'No SIM card',
        explanation: 'The modem finds no SIM card. Power the modem off (unplug it), check the SIM is in the right slot, the right way round, '
          + 'and pushed in until it clicks (a nano SIM in a micro adapter often loses contact), then power it on. If it still says no SIM, '
          + 'try the SIM in a phone: it may be dead or deactivated.',
        evidence: [evidenceOf(facts, 'sim', 'SIM state: absent (no card detected)')],
        fixes: [],
      }];
    case 'pin-required': return [pinFinding(facts, s)];
    case 'puk-required': return [pukFinding(facts, s)];
    case 'blocked':
      return [{
        id: 'sim-blocked',
        severity: 'error',
        title: 'The SIM is blocked for good',
        explanation: 'All PUK attempts were used up, so the SIM card has locked itself permanently. No code can unlock it any more: '
          + 'ask the provider for a replacement SIM (the number usually moves to the new card).',
        evidence: [evidenceOf(facts, 'sim', `SIM state: blocked${attempts(s) ? `; ${attempts(s)}` : ''}`)],
        fixes: [],
      }];
    default: return [];
  }
}
