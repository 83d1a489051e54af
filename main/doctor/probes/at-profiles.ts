// APN profiles over AT: 27.007 §10.1.1 AT+CGDCONT? lists the PDP contexts; context 1 is the one
// a data call uses when none is named (as QMI's default profile is on these modules). CGDCONT
// carries no authentication: username and password are vendor commands the profile leaves out.

import type { PdpContext } from '../../at/parsers/index.ts';
import type { ApnProfileFact, Fact, PdpTypeFact, ProfilesFacts } from '../facts.ts';
import { cite, type AtAsker } from './at-ask.ts';

const PDP: Readonly<Record<string, PdpTypeFact>> = { IP: 'ipv4', IPV6: 'ipv6', IPV4V6: 'ipv4v6' };

export async function probeProfilesAt(ask: AtAsker): Promise<Fact<ProfilesFacts> | undefined> {
  const a = await ask.ask<{ contexts: PdpContext[] }>('AT+CGDCONT?', 'profiles');
  if (!a.value) return undefined;
  const profiles: ApnProfileFact[] = a.value.contexts.map((c) => ({
    index: c.cid, apn: c.apn, pdpType: PDP[c.pdpType.toUpperCase()] ?? 'unknown', hasPassword: false,
  }));
  return { value: { profiles, defaultIndex: 1 }, via: 'at', evidence: cite(a) };
}
