// WDS: data sessions and profiles. Start Network fails with CALL_FAILED and a 3GPP verbose
// reason without a valid APN, says NO_EFFECT while autoconnect holds the bearer; Stop Network
// with the global handle and disable-autoconnect releases it (libqmi data/qmi-service-wds.json;
// qmicli --wds-stop-network=disable-autoconnect sends the same).

import type { RequestOf, ResponseOf } from '../../qmi/schema.ts';
import type { WDS } from '../../qmi/services/index.ts';
import type { ModemModel } from '../model.ts';
import type { ApnProfile, PdpType } from '../state.ts';
import type { HandlerTable } from './context.ts';
import { failure, success } from './reply.ts';

const PDP_TO_QMI = { ipv4: 'ipv4', ipv6: 'ipv6', ipv4v6: 'ipv4-or-ipv6' } as const satisfies Record<PdpType, string>;
const PDP_FROM_QMI: Record<string, PdpType> = { ipv4: 'ipv4', ipv6: 'ipv6', 'ipv4-or-ipv6': 'ipv4v6' };
const MAX_PROFILES = 16;

function authFlags(auth: number): string[] {
  return [...(auth & 1 ? ['pap'] : []), ...(auth & 2 ? ['chap'] : [])];
}

function profileValues(p: ApnProfile): ResponseOf<typeof WDS.messages.getProfileSettings> {
  return { profileName: p.name, pdpType: PDP_TO_QMI[p.pdpType], apnName: p.apn, username: p.username, password: p.password,
    authentication: authFlags(p.auth) };
}

function settingsFrom(req: RequestOf<typeof WDS.messages.createProfile> | RequestOf<typeof WDS.messages.modifyProfile>): Partial<Omit<ApnProfile, 'index'>> {
  const out: Partial<Omit<ApnProfile, 'index'>> = {};
  if (req.profileName !== undefined) out.name = req.profileName;
  const pdp = req.pdpType === undefined ? undefined : PDP_FROM_QMI[req.pdpType];
  if (pdp) out.pdpType = pdp;
  if (req.apnName !== undefined) out.apn = req.apnName;
  if (req.username !== undefined) out.username = req.username;
  if (req.password !== undefined) out.password = req.password;
  if (Array.isArray(req.authentication)) out.auth = (req.authentication.includes('pap') ? 1 : 0) | (req.authentication.includes('chap') ? 2 : 0);
  return out;
}

export function packetStatus(m: ModemModel) {
  return m.state.connection ? 'connected' : 'disconnected';
}

export const WDS_HANDLERS: HandlerTable<typeof WDS> = {
  setEventReport: () => success(),
  indicationRegister: () => success(),
  startNetwork: (req, c) => {
    const r = c.model.startNetwork({
      apn: req.apn,
      profileIndex: req.profileIndex3gpp,
    });
    if (r.ok) return success({ packetDataHandle: r.connection.handle });
    switch (r.error) {
      case 'no-effect': return failure('no-effect');
      case 'invalid-profile': return failure('invalid-profile');
      case 'call-failed':
        return failure('call-failed', { callEndReason: r.endReason, verboseCallEndReason: { type: r.verbose.type, reason: r.verbose.reason } });
      default:
        // No SIM, locked SIM, no registration, radio off: the call fails for lack of service.
        return failure('call-failed', { callEndReason: 'generic-no-service', verboseCallEndReason: { type: 'cm', reason: 2000 } });
    }
  },
  stopNetwork: (req, c) => {
    const r = c.model.stopNetwork(req.packetDataHandle, req.disableAutoconnect === true);
    return r.ok ? success() : failure(r.error);
  },
  getPacketServiceStatus: (_r, c) => success({ connectionStatus: packetStatus(c.model) }),
  // The model's counters of the session (kept after it ends, as the last call's); no errors,
  // overflows or drops on a simulated link.
  getPacketStatistics: (_r, c) => {
    const st = c.model.state.stats;
    return success({
      txPacketsOk: st.txPackets, rxPacketsOk: st.rxPackets, txPacketsError: 0, rxPacketsError: 0, txOverflows: 0, rxOverflows: 0,
      txBytesOk: BigInt(st.txBytes), rxBytesOk: BigInt(st.rxBytes), txPacketsDropped: 0, rxPacketsDropped: 0,
    });
  },
  createProfile: (req, c) => {
    if (req.profileType !== '3gpp') return failure('invalid-profile-type');
    const used = new Set(c.model.state.profiles.map((p) => p.index));
    let index = 1;
    while (used.has(index)) index++;
    if (index > MAX_PROFILES) return failure('no-free-profile');
    c.model.setProfile(index, settingsFrom(req));
    return success({ profileIdentifier: { profileType: '3gpp', profileIndex: index } });
  },
  modifyProfile: (req, c) => {
    const id = req.profileIdentifier;
    if (id.profileType !== '3gpp') return failure('invalid-profile-type');
    if (!c.model.profile(id.profileIndex)) return failure('invalid-profile');
    c.model.setProfile(id.profileIndex, settingsFrom(req));
    return success();
  },
  deleteProfile: (req, c) => {
    const id = req.profileIdentifier;
    if (id.profileType !== '3gpp') return failure('invalid-profile-type');
    // Real firmwares add extended error 0x0011 "profile not found" here too.
    return c.model.deleteProfile(id.profileIndex) ? success() : failure('extended-internal', { extendedError: 0x0011 });
  },
  getProfileList: (req, c) => {
    const t = req.profileType ?? '3gpp';
    const list = t === '3gpp' || t === 'all'
      ? c.model.state.profiles.map((p) => ({ profileType: '3gpp' as const, profileIndex: p.index, profileName: p.name }))
      : [];
    return success({ profileList: list });
  },
  getProfileSettings: (req, c) => {
    const id = req.profileId;
    if (id.profileType !== '3gpp') return failure('invalid-profile-type');
    const p = c.model.profile(id.profileIndex);
    // Real firmwares add extended error 0x0011 "profile not found" here.
    if (!p) return failure('extended-internal', { extendedError: 0x0011 });
    return success(profileValues(p));
  },
  getCurrentSettings: (_r, c) => {
    const conn = c.model.state.connection;
    if (!conn) return failure('out-of-call');
    const p = c.model.profile(conn.profileIndex);
    return success({
      profileName: p?.name ?? '', pdpType: 'ipv4', apnName: conn.apn,
      primaryIpv4DnsAddress: conn.dns1, secondaryIpv4DnsAddress: conn.dns2,
      ipv4Address: conn.ipv4, ipv4GatewayAddress: conn.gateway, ipv4GatewaySubnetMask: conn.subnet,
      profileId: { profileType: '3gpp', profileIndex: conn.profileIndex },
      mtu: conn.mtu, ipFamily: 'ipv4',
    });
  },
  getAutoconnectSettings: (_r, c) => success({ status: c.model.state.autoconnect, roaming: 'allowed' }),
  getDataBearerTechnology: (_r, c) => (c.model.state.connection ? success({ current: 'lte', last: 'lte' }) : failure('out-of-call')),
  setIpFamily: (req, c) => {
    const st = c.clients.cids.get(c.serviceId)?.get(c.clientId);
    const fam = req.preference === 'ipv6' ? 6 : req.preference === 'unspecified' ? 8 : 4;
    if (st) st.ipFamily = fam;
    return success();
  },
  setAutoconnectSettings: (req, c) => {
    const s = req.status;
    if (s !== 'disabled' && s !== 'enabled' && s !== 'paused') return failure('invalid-argument');
    c.model.setAutoconnect(s);
    return success();
  },
};
