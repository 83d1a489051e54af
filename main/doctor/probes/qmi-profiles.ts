// The modem's APN profiles (WDS Get Profile List, then Get Profile Settings of each, at once).
// The password is never kept: only whether there is one (the transcript has it masked already).
// Layouts: libqmi data/qmi-service-wds.json.

import { WDS } from '../../qmi/services/index.ts';
import type { ApnProfileFact, Fact, PdpTypeFact, ProfilesFacts } from '../facts.ts';
import { EvidenceList, qmiRead, type ProbeContext } from './context.ts';

const PROBE = 'qmi-profiles';

function pdpOf(p: string | number | undefined): PdpTypeFact {
  return p === 'ipv4' ? 'ipv4' : p === 'ipv6' ? 'ipv6' : p === 'ipv4-or-ipv6' ? 'ipv4v6' : 'unknown';
}

function authOf(flags: string[] | undefined): ApnProfileFact['auth'] {
  if (!flags) return undefined;
  const pap = flags.includes('pap');
  const chap = flags.includes('chap');
  return pap && chap ? 'pap-chap' : pap ? 'pap' : chap ? 'chap' : 'none';
}

export async function probeQmiProfiles(ctx: ProbeContext): Promise<Fact<ProfilesFacts> | undefined> {
  const list = await qmiRead(ctx, PROBE, WDS, WDS.messages.getProfileList, { profileType: '3gpp' });
  if (!list?.fields.profileList) return undefined;
  const ev = new EvidenceList();
  ev.add(list);
  const entries = list.fields.profileList.filter((p) => p.profileType === '3gpp');
  const settings = await Promise.all(entries.map((e) =>
    qmiRead(ctx, PROBE, WDS, WDS.messages.getProfileSettings, { profileId: { profileType: '3gpp', profileIndex: e.profileIndex } })));
  const profiles: ApnProfileFact[] = [];
  entries.forEach((e, i) => {
    const s = settings[i];
    ev.add(s);
    if (!s) return;
    const f = s.fields;
    const auth = authOf(f.authentication);
    profiles.push({
      index: e.profileIndex,
      apn: f.apnName ?? '',
      ...(f.profileName || e.profileName ? { name: f.profileName || e.profileName } : {}),
      pdpType: pdpOf(f.pdpType),
      ...(auth ? { auth } : {}),
      ...(f.username ? { username: f.username } : {}),
      hasPassword: typeof f.password === 'string' && f.password !== '',
    });
  });
  // The profile a call uses when none is named: 3GPP profile 1 unless the firmware says
  // otherwise (WDS Get Default Profile Number is not asked here).
  return { value: { profiles, defaultIndex: 1 }, via: 'qmi', evidence: ev.list };
}
