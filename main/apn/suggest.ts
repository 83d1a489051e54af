// APN suggestions for a SIM: every APN the provider database lists for its MCC/MNC, ranked, each
// with the reasons for its place. Pure functions over a loaded ProviderIndex.
//
// Ranking, most important first:
//   1. data before MMS: what set-apn needs is an APN for data ("internet", or one whose use the
//      database does not state) — MMS/WAP APNs follow, since they rarely carry general traffic;
//   2. the provider the SIM belongs to: EF_GID1 matching a known MVNO prefix, then EF_SPN
//      matching a provider's name; then the network's own (primary) provider; providers whose
//      GID1 prefix the SIM does NOT carry go last;
//   3. the database's own order (it lists the usual choice first).

import { MVNO_DISCRIMINATORS, type MvnoDiscriminator } from './mvno-discriminators.ts';
import type { ApnSuggestion, ApnSuggestions, ApnUsage, DbApn, DbProvider, ProviderIndex, SimIdentity } from './types.ts';

export class ApnInputError extends Error {
  override readonly name = 'ApnInputError';
}

/** MCC is 3 digits; MNC 2 or 3 (3GPP TS 23.003 §2.2). Numbers are accepted and padded. */
export function normalisePlmn(sim: Pick<SimIdentity, 'mcc' | 'mnc'>): { mcc: string; mncCandidates: string[] } {
  const mcc = typeof sim.mcc === 'number' ? String(sim.mcc).padStart(3, '0') : sim.mcc.trim();
  if (!/^\d{3}$/.test(mcc)) throw new ApnInputError(`MCC must be 3 digits, got ${JSON.stringify(sim.mcc)}`);
  if (typeof sim.mnc === 'number') {
    if (!Number.isInteger(sim.mnc) || sim.mnc < 0 || sim.mnc > 999) throw new ApnInputError(`MNC must be 0..999, got ${sim.mnc}`);
    // A number has lost its digit count (88 could be "88" or "088"): try both.
    const two = String(sim.mnc).padStart(2, '0');
    const three = String(sim.mnc).padStart(3, '0');
    return { mcc, mncCandidates: two === three ? [three] : [two, three] };
  }
  const mnc = sim.mnc.trim();
  if (!/^\d{2,3}$/.test(mnc)) throw new ApnInputError(`MNC must be 2 or 3 digits, got ${JSON.stringify(sim.mnc)}`);
  return { mcc, mncCandidates: [mnc] };
}

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function spnMatches(spn: string, name: string): boolean {
  const a = squash(spn);
  const b = squash(name);
  if (a.length < 2 || b.length < 2) return a === b && a !== '';
  return a === b || (Math.min(a.length, b.length) >= 3 && (a.includes(b) || b.includes(a)));
}

const DATA_CLASS: Record<ApnUsage, number> = {
  internet: 0, unspecified: 0, 'mms-internet-hipri': 0, 'mms-internet-hipri-fota': 0, ia: 1, wap: 1, mms: 2,
};
const USAGE_ORDER: Record<ApnUsage, number> = {
  internet: 0, 'mms-internet-hipri': 1, 'mms-internet-hipri-fota': 1, unspecified: 2, ia: 3, wap: 4, mms: 5,
};

function usageReason(u: ApnUsage): string {
  switch (u) {
    case 'internet': return 'a data APN (the database marks it for internet)';
    case 'unspecified': return 'the database does not say what it is for; treated as a data APN';
    case 'mms': return 'for MMS (picture messages) only: ranked after the data APNs';
    case 'wap': return 'a WAP APN (old phone browsing): ranked after the data APNs';
    case 'ia': return 'the initial-attach APN: ranked after the data APNs';
    default: return `marked "${u}": data and MMS`;
  }
}

interface ProviderJudgement { tier: number; reasons: string[] }

function judgeProvider(p: DbProvider, all: readonly DbProvider[], sim: SimIdentity, discs: readonly MvnoDiscriminator[]): ProviderJudgement {
  const reasons: string[] = [];
  const gid1 = sim.gid1?.replace(/\s/g, '').toUpperCase();
  const mine = discs.filter((d) => d.provider === p.name);
  const gidPrefixes = mine.flatMap((d) => (d.gid1 ?? []).map((g) => ({ g: g.toUpperCase(), src: d.source })));
  if (gid1 && gidPrefixes.length > 0) {
    const hit = gidPrefixes.find((x) => gid1.startsWith(x.g));
    if (hit) return { tier: 5, reasons: [`the SIM's GID1 ${gid1} starts with ${hit.g}, which marks ${p.name} SIMs (${hit.src})`] };
    reasons.push(`${p.name} SIMs carry GID1 ${gidPrefixes.map((x) => x.g).join(' or ')}; this SIM's GID1 is ${gid1}`);
    return { tier: 0, reasons };
  }
  if (sim.spn && sim.spn.trim() !== '') {
    const spnFacts = mine.flatMap((d) => d.spn ?? []);
    if (spnFacts.some((s) => squash(s) === squash(sim.spn as string))) return { tier: 4, reasons: [`the SIM's service provider name "${sim.spn}" marks ${p.name} SIMs (${mine[0]?.source ?? ''})`] };
    if (spnMatches(sim.spn, p.name)) return { tier: 4, reasons: [`the SIM's service provider name "${sim.spn}" matches the provider "${p.name}"`] };
  }
  if (all.length === 1) return { tier: 2, reasons: [`${p.name} is the only provider the database lists for this network`] };
  if (p.primary) return { tier: 3, reasons: [`the database marks ${p.name} as the network's own provider (the others on it are MVNOs)`] };
  return { tier: 2, reasons: [`one of ${all.length} providers the database lists for this network`] };
}

function toSuggestion(p: DbProvider, a: DbApn, judgement: ProviderJudgement): ApnSuggestion {
  const s: ApnSuggestion = {
    rank: 0, // set once sorted
    apn: a.apn,
    provider: p.name,
    usage: a.usage,
    plans: [...a.plans],
    hasPassword: a.password !== undefined && a.password !== '',
    reasons: [usageReason(a.usage), ...judgement.reasons],
  };
  if (a.label) s.label = a.label;
  if (a.username) s.username = a.username;
  if (a.auth) s.auth = a.auth;
  if (s.hasPassword) Object.defineProperty(s, 'password', { value: a.password, enumerable: false });
  return s;
}

/**
 * Ranked suggestions for a SIM. An unknown PLMN gives an empty list with a summary saying so;
 * bad MCC/MNC input throws ApnInputError.
 */
export function suggestApns(index: ProviderIndex, sim: SimIdentity, discriminators: readonly MvnoDiscriminator[] = MVNO_DISCRIMINATORS): ApnSuggestions {
  const { mcc, mncCandidates } = normalisePlmn(sim);
  let mnc = mncCandidates[0] as string;
  let providers: readonly DbProvider[] = [];
  for (const candidate of mncCandidates) {
    const found = index.byPlmn.get(`${mcc}-${candidate}`);
    if (found && found.length > 0) { providers = found; mnc = candidate; break; }
  }
  const database = { path: index.source.path, kind: index.source.kind };
  const plmn = { mcc, mnc };
  if (providers.length === 0) {
    return { plmn, suggestions: [], database, summary: `The provider database (${index.source.path}) has no entry for MCC ${mcc} MNC ${mncCandidates.join(' or ')}: ask the provider for the APN and enter it by hand.` };
  }
  const discs = discriminators.filter((d) => d.mcc === mcc && d.mnc === mnc);
  const rows: { s: ApnSuggestion; key: number[] }[] = [];
  for (const p of providers) {
    const j = judgeProvider(p, providers, sim, discs);
    p.apns.forEach((a, i) => {
      rows.push({ s: toSuggestion(p, a, j), key: [DATA_CLASS[a.usage], -j.tier, USAGE_ORDER[a.usage], p.order, i] });
    });
  }
  rows.sort((x, y) => {
    for (let k = 0; k < x.key.length; k++) {
      const d = (x.key[k] as number) - (y.key[k] as number);
      if (d !== 0) return d;
    }
    return 0;
  });
  const suggestions = rows.map((r, i) => Object.assign(r.s, { rank: i + 1 }));
  const first = suggestions[0] as ApnSuggestion;
  if (DATA_CLASS[first.usage] !== 0) {
    first.reasons.push('no data APN is listed for this network, so the first one is not meant for data');
  } else {
    const otherDataApns = suggestions.filter((s) => s.provider === first.provider && s !== first && DATA_CLASS[s.usage] === 0);
    if (otherDataApns.length > 0) first.reasons.push(`listed first among ${first.provider}'s data APNs in the database`);
  }
  const providerWord = providers.length === 1 ? `1 provider` : `${providers.length} providers`;
  return {
    plmn,
    suggestions,
    database,
    summary: `${suggestions.length} APN${suggestions.length === 1 ? '' : 's'} from ${providerWord} for ${mcc}/${mnc}; ${first.apn} (${first.provider}) first: ${first.reasons.join('; ')}.`,
  };
}

/** 3GPP TS 24.008 §10.5.6.6 / TS 24.301 §9.9.4.4 session-management causes set-apn reacts to. */
export const APN_REFUSAL_CAUSES: Readonly<Record<number, string>> = {
  27: 'missing or unknown APN',
  33: 'requested service option not subscribed',
};

export interface RefusedApn {
  apn: string;
  /** The network's cause number, when known. */
  cause?: number;
}

const sameApn = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase(); // APNs are case-insensitive (TS 23.003 §9.1)

/**
 * After the network refused one or more APNs, the next data APN to try, or none with a reason
 * (then set-apn asks for the user's own). Only data APNs are offered: an MMS APN would connect
 * and still not carry traffic.
 */
export function nextSuggestion(result: ApnSuggestions, refused: readonly RefusedApn[]): { next?: ApnSuggestion; reason: string } {
  const said = refused.map((r) => `${r.apn} was refused${r.cause !== undefined ? ` (cause ${r.cause}${APN_REFUSAL_CAUSES[r.cause] ? `: ${APN_REFUSAL_CAUSES[r.cause]}` : ''})` : ''}`).join('; ');
  const next = result.suggestions.find((s) => DATA_CLASS[s.usage] === 0 && !refused.some((r) => sameApn(r.apn, s.apn)));
  if (next) return { next, reason: `${said}; next: ${next.apn} (${next.provider}, suggestion ${next.rank} of ${result.suggestions.length})` };
  const why = result.suggestions.length === 0 ? 'the provider database lists nothing for this network' : 'the provider database has no other data APN for this network (it may be out of date)';
  return { reason: `${said}; ${why}: enter the APN your provider gives (e.g. from its website or the SIM's leaflet)` };
}

/**
 * Whether the database lists a network. Log import uses it to pin down an MNC whose high byte a
 * misaligned read lost (of 88, 344, 600 and 856 only 222/88 exists).
 */
export function plmnListed(index: ProviderIndex, mcc: number, mnc: number): boolean {
  const m = String(mcc).padStart(3, '0');
  return index.byPlmn.has(`${m}-${String(mnc).padStart(2, '0')}`) || index.byPlmn.has(`${m}-${String(mnc).padStart(3, '0')}`);
}
