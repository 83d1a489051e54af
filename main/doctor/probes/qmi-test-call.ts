// The network's word on the APN: a test data call (WDS Start Network on the default profile),
// read back (Get Current Settings) and stopped at once (Stop Network). Only made when it cannot
// disturb anything: the modem is registered, no session is up (autoconnect or another program
// would hold it), and the QMI port is ours alone (beside ModemManager it could be managing
// bearers). A refusal carries the 3GPP cause (TS 24.008 §10.5.6.6): #27 unknown APN, #33 not
// subscribed — what tells a wrong APN from a stale provider database. Layouts: libqmi
// data/qmi-service-wds.json.

import { WDS } from '../../qmi/services/index.ts';
import type { ConnectionFacts, Fact, RegistrationFacts, SessionSettings } from '../facts.ts';
import { smCause } from '../rules/sm-causes.ts';
import { EvidenceList, qmiRead, type ProbeContext } from './context.ts';

const PROBE = 'qmi-test-call';
/** A refusal or an address comes within seconds; a network that takes longer is reported as such. */
export const TEST_CALL_MS = 15_000;

export async function probeQmiTestCall(ctx: ProbeContext, registration: Fact<RegistrationFacts> | undefined,
  connection: Fact<ConnectionFacts> | undefined, profile: { index: number; apn?: string }): Promise<Fact<ConnectionFacts> | undefined> {
  const client = ctx.open.qmi;
  const reg = registration?.value.state;
  if (!client || !client.ownsDevice || !connection || connection.value.up || (reg !== 'registered' && reg !== 'roaming')) return connection;
  const ev = new EvidenceList();
  ev.addAll(connection.evidence);
  const start = await qmiRead(ctx, PROBE, WDS, WDS.messages.startNetwork, { profileIndex3gpp: profile.index }, { expected: ['call-failed', 'no-effect'] });
  ev.add(start);
  if (!start || start.result.errorName === 'no-effect') return connection;
  if (!start.ok) {
    const v = start.fields.verboseCallEndReason;
    const type = v ? String(v.type) : 'call-end-reason';
    const reason = v ? v.reason : typeof start.fields.callEndReason === 'number' ? start.fields.callEndReason : 0;
    const cause3gpp = v && v.type === '3gpp' ? v.reason : undefined;
    const named = v?.name ?? (typeof start.fields.callEndReason === 'string' ? start.fields.callEndReason : undefined);
    const text = (cause3gpp !== undefined ? smCause(cause3gpp)?.words : undefined) ?? named?.replace(/-/g, ' ') ?? `reason ${reason}`;
    return {
      value: { up: false, lastFailure: { type, reason, text, ...(cause3gpp !== undefined ? { cause3gpp } : {}), ...(profile.apn !== undefined ? { apn: profile.apn } : {}) } },
      via: 'qmi', evidence: ev.list,
    };
  }
  const handle = start.fields.packetDataHandle;
  const cur = await qmiRead(ctx, PROBE, WDS, WDS.messages.getCurrentSettings, {
    requestedSettings: ['ip-address', 'gateway-info', 'dns-address', 'mtu'],
  });
  ev.add(cur);
  if (handle !== undefined) {
    const stop = await qmiRead(ctx, PROBE, WDS, WDS.messages.stopNetwork, { packetDataHandle: handle });
    ev.add(stop);
    if (!stop) ctx.problems.push({ probe: PROBE, message: 'the test call could not be stopped: the session may still be up', evidence: ev.list });
  }
  const f = cur?.fields;
  const dns = [f?.primaryIpv4DnsAddress, f?.secondaryIpv4DnsAddress].filter((d): d is string => d !== undefined);
  const settings: SessionSettings = {
    ...(f?.ipv4Address ? { ipv4: f.ipv4Address } : {}),
    ...(f?.ipv4GatewayAddress ? { gateway: f.ipv4GatewayAddress } : {}),
    ...(f?.ipv4GatewaySubnetMask ? { subnet: f.ipv4GatewaySubnetMask } : {}),
    ...(dns.length ? { dns } : {}),
    ...(f?.mtu !== undefined ? { mtu: f.mtu } : {}),
  };
  return { value: { up: false, settings }, via: 'qmi', evidence: ev.list };
}
