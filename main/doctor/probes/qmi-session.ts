// The data session: the modem's autoconnect setting (WDS Get Autoconnect Settings), whether a
// bearer is up (WDS Get Packet Service Status) and, when one is, its settings (WDS Get Current
// Settings). The doctor never starts a session while diagnosing, so a bearer that is up is not
// ours: autoconnect or another program holds it. Layouts: libqmi data/qmi-service-wds.json.

import { WDS } from '../../qmi/services/index.ts';
import type { AutoconnectFacts, ConnectionFacts, Fact, SessionSettings } from '../facts.ts';
import { EvidenceList, qmiRead, type ProbeContext } from './context.ts';

const PROBE = 'qmi-session';

export interface SessionProbe {
  autoconnect?: Fact<AutoconnectFacts>;
  connection?: Fact<ConnectionFacts>;
}

export async function probeQmiSession(ctx: ProbeContext): Promise<SessionProbe> {
  // The bearer's status first, and its settings as soon as it is known (not after the autoconnect
  // setting as well): that chain of two replies ends last in a diagnosis.
  const statusAsked = qmiRead(ctx, PROBE, WDS, WDS.messages.getPacketServiceStatus);
  const asking = qmiRead(ctx, PROBE, WDS, WDS.messages.getAutoconnectSettings);
  const status = await statusAsked;
  const up = status?.fields.connectionStatus === 'connected';
  const out: SessionProbe = {};
  if (status) {
    const ev = new EvidenceList();
    ev.add(status);
    let settings: SessionSettings | undefined;
    if (up) {
      const cur = await qmiRead(ctx, PROBE, WDS, WDS.messages.getCurrentSettings, {
        requestedSettings: ['ip-address', 'gateway-info', 'dns-address', 'mtu'],
      }, { expected: ['out-of-call'] });
      ev.add(cur);
      if (cur?.ok) {
        const f = cur.fields;
        const dns = [f.primaryIpv4DnsAddress, f.secondaryIpv4DnsAddress].filter((d): d is string => d !== undefined);
        settings = {
          ...(f.ipv4Address ? { ipv4: f.ipv4Address } : {}),
          ...(f.ipv4GatewayAddress ? { gateway: f.ipv4GatewayAddress } : {}),
          ...(f.ipv4GatewaySubnetMask ? { subnet: f.ipv4GatewaySubnetMask } : {}),
          ...(dns.length ? { dns } : {}),
          ...(f.mtu !== undefined ? { mtu: f.mtu } : {}),
        };
      }
    }
    out.connection = { value: { up, ...(settings ? { settings } : {}) }, via: 'qmi', evidence: ev.list };
  }
  const auto = await asking;
  if (auto) {
    const s = auto.fields.status;
    const setting = s === 'enabled' || s === 'disabled' || s === 'paused' ? s : 'unknown';
    const ev = new EvidenceList();
    ev.add(auto);
    if (status) ev.add(status);
    out.autoconnect = { value: { setting, bearerHeld: up }, via: 'qmi', evidence: ev.list };
  }
  return out;
}
