// The APN of the profile a data call uses: missing, or one the network does not know. The
// provider database (Facts.apnSuggestions, for this SIM's MCC/MNC) supplies what to set; it can
// be stale (it lists internet.wind / internet.wind.biz for 222/88, where WINDTRE now also uses
// internet.it), so "not in the database" alone never makes a finding: apn-mismatch needs the
// network's refusal too (3GPP TS 24.008 §10.5.6.6 cause #27 or #33 on the last call).

import type { ApnSuggestionFact, Facts } from '../facts.ts';
import type { Evidence, Finding, FixOffer } from '../finding.ts';
import { APN_CAUSES, defaultProfile, evidenceOf, simBlocks } from './support.ts';

function suggestions(facts: Facts): ApnSuggestionFact[] {
  return facts.apnSuggestions?.value ?? [];
}

/** The last call failed with a cause that says the APN is wrong or missing. */
export function apnRefused(facts: Facts): { cause: number; text: string; apn?: string } | undefined {
  const f = facts.connection?.value.lastFailure;
  if (!f || f.cause3gpp === undefined || !APN_CAUSES.has(f.cause3gpp)) return undefined;
  return { cause: f.cause3gpp, text: f.text, ...(f.apn !== undefined ? { apn: f.apn } : {}) };
}

const sameApn = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

function setApnOffer(index: number, list: readonly ApnSuggestionFact[]): FixOffer[] {
  const first = list[0];
  if (!first) return [{ fix: 'set-apn', label: `Set the APN of profile ${index} (the provider's APN, given with --apn)`, options: { profile: String(index) } }];
  return [{
    fix: 'set-apn',
    label: `Set the APN of profile ${index} to ${first.apn} (${first.provider})`,
    options: { profile: String(index), apn: first.apn, ...(first.username ? { username: first.username } : {}) },
  }];
}

function suggestionEvidence(facts: Facts, list: readonly ApnSuggestionFact[]): Evidence[] {
  if (list.length === 0) return [];
  return [evidenceOf(facts, 'apnSuggestions', `The provider database lists for this SIM: ${list.map((s) => `${s.apn} (${s.provider}, ${s.usage})`).join(', ')}`)];
}

function failureEvidence(facts: Facts): Evidence[] {
  const f = facts.connection?.value.lastFailure;
  if (!f) return [];
  return [evidenceOf(facts, 'connection', `Last data call failed: ${f.text} (${f.type} ${f.reason}${f.cause3gpp !== undefined ? `, 3GPP cause #${f.cause3gpp}` : ''})`)];
}

function why(list: readonly ApnSuggestionFact[]): string {
  const first = list[0];
  if (!first) return '';
  const rest = list.slice(1).map((s) => s.apn);
  return ` The provider database suggests ${first.apn} for this SIM (${first.reason})${rest.length > 0 ? `; it also lists ${rest.join(', ')}` : ''}.`;
}

export function apnMissing(facts: Facts): Finding[] {
  const p = facts.profiles?.value;
  if (!p) return [];
  const profile = defaultProfile(facts);
  if (profile && profile.apn.trim() !== '') return [];
  const list = suggestions(facts);
  const refused = apnRefused(facts);
  // Some networks hand out a default APN to an empty one; evidence that this one does not: a
  // refusal, or a database entry naming the APN its SIMs use.
  const needed = refused !== undefined || list.length > 0;
  const where = profile ? `Profile ${profile.index} (the one data calls use) has no APN` : `There is no profile ${p.defaultIndex} (the one data calls use)`;
  return [{
    id: 'apn-missing',
    severity: needed && !simBlocks(facts) ? 'error' : 'warning',
    title: 'No APN is set',
    explanation: `${where}. The APN (access point name) tells the network which data service to connect to; `
      + (refused ? `the network refused the last call for it (cause #${refused.cause}: ${refused.text}). ` : needed ? 'this SIM\'s network needs one. ' : 'many networks need one and refuse a data call without it. ')
      + (list.length > 0 ? why(list).trim() : 'Set the APN the provider gives (on its website or the SIM\'s leaflet).'),
    evidence: [
      evidenceOf(facts, 'profiles', profile ? `Profile ${profile.index}: APN "" (${profile.pdpType})` : `Profiles: ${p.profiles.map((x) => x.index).join(', ') || 'none'}; default ${p.defaultIndex}`),
      ...suggestionEvidence(facts, list),
      ...(refused ? failureEvidence(facts) : []),
    ],
    fixes: setApnOffer(profile?.index ?? p.defaultIndex, list),
    ...(list[0] ? { values: { suggested: list[0].apn, alternatives: list.slice(1).map((s) => s.apn) } } : {}),
  }];
}

export function apnMismatch(facts: Facts): Finding[] {
  const profile = defaultProfile(facts);
  if (!profile || profile.apn.trim() === '') return [];
  const list = suggestions(facts);
  const refused = apnRefused(facts);
  if (list.length === 0 || !refused) return [];
  if (refused.apn !== undefined && !sameApn(refused.apn, profile.apn)) return [];
  if (list.some((s) => sameApn(s.apn, profile.apn))) return [];
  return [{
    id: 'apn-mismatch',
    severity: 'error',
    title: `The network does not accept the APN "${profile.apn}"`,
    explanation: `Profile ${profile.index} (the one data calls use) has the APN "${profile.apn}", and the network refused the data call for it `
      + `(cause #${refused.cause}: ${refused.text}). "${profile.apn}" is not among the APNs listed for this SIM's provider: it may belong to another provider, be mistyped, or be out of date.`
      + why(list) + ' If the provider told you another APN, use that one instead.',
    evidence: [evidenceOf(facts, 'profiles', `Profile ${profile.index}: APN "${profile.apn}"`), ...failureEvidence(facts), ...suggestionEvidence(facts, list)],
    fixes: setApnOffer(profile.index, list),
    values: { current: profile.apn, suggested: list[0]?.apn, alternatives: list.slice(1).map((s) => s.apn) },
  }];
}
