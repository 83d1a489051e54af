// APN suggestions for the SIM's home network (its MCC/MNC from the IMSI, narrowed by GID1 and
// SPN) from the provider database (main/apn). Without a readable SIM there is nothing to ask.

import { loadProviderIndex } from '../../apn/load-database.ts';
import { suggestApns } from '../../apn/suggest.ts';
import type { ProviderIndex } from '../../apn/types.ts';
import type { ApnSuggestionFact, Fact, SimFacts } from '../facts.ts';
import type { ProbeContext } from './context.ts';

export async function probeApnSuggestions(ctx: ProbeContext, sim: Fact<SimFacts> | undefined,
  index: Promise<ProviderIndex> = loadProviderIndex()): Promise<Fact<ApnSuggestionFact[]> | undefined> {
  const s = sim?.value;
  if (!s || s.mcc === undefined || s.mnc === undefined) return undefined;
  try {
    const mnc = s.mncDigits ? String(s.mnc).padStart(s.mncDigits, '0') : s.mnc;
    const r = suggestApns(await index, {
      mcc: s.mcc, mnc, ...(s.gid1 ? { gid1: s.gid1 } : {}), ...(s.spn ? { spn: s.spn } : {}),
    });
    const value = r.suggestions.map((x): ApnSuggestionFact => ({
      apn: x.apn, provider: x.provider, usage: x.usage, ...(x.username ? { username: x.username } : {}), reason: x.reasons.join('; '),
    }));
    return { value, via: 'database', evidence: sim.evidence };
  } catch (e) {
    ctx.problems.push({ probe: 'apn-suggestions', message: e instanceof Error ? e.message : String(e), evidence: [] });
    return undefined;
  }
}
