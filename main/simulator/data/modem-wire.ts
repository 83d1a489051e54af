// The modem's end of the USB data link: what it does with one frame the kernel sent, from the
// same state QMI and AT read. Nothing passes without a data session (WDS Start Network, an AT
// dial or autoconnect). With one, the frame must be in the framing the modem's WDA link layer
// expects: a modem in raw-ip mode reads an Ethernet frame's MAC address as an IP header and
// drops it, and one in 802.3 mode reads a bare IP packet as an Ethernet header and drops it —
// so the kernel's TX counter grows and its RX counter stays at 0, the classic qmi_wwan symptom
// (the kernel's Documentation/ABI/testing/sysfs-class-net-qmi, raw_ip).

import type { LinkLayer, ModemState } from '../state.ts';
import { buildArpReply, buildEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4, parseArpRequest, parseEthernet } from './ethernet.ts';
import { ipVersion } from './ipv4.ts';
import { answerIpv4 } from './network-side.ts';

/** The modem's own address on the 802.3 link: locally administered (IEEE 802 U/L bit). */
export const MODEM_MAC = Buffer.from([0x02, 0x50, 0xf3, 0x00, 0x00, 0x01]);

export type Verdict =
  | { pass: false; why: 'no-session' | 'format-mismatch' }
  | { pass: true };

/** Whether frames in the kernel's `framing` get through the modem now. */
export function verdict(state: ModemState, framing: LinkLayer): Verdict {
  if (!state.connection) return { pass: false, why: 'no-session' };
  if (state.dataFormat.linkLayer !== framing) return { pass: false, why: 'format-mismatch' };
  return { pass: true };
}

/**
 * The frames the modem sends back to the kernel for one frame from it, in the same framing
 * (throws PacketError for a malformed packet, which the caller drops).
 */
export function modemReceives(frame: Buffer, state: ModemState, framing: LinkLayer): Buffer[] {
  const session = state.connection;
  if (!session || !verdict(state, framing).pass) return [];
  if (framing === 'raw-ip') return ipVersion(frame) === 4 ? answerIpv4(frame, session) : [];
  const eth = parseEthernet(frame);
  if (eth.etherType === ETHERTYPE_ARP) {
    const req = parseArpRequest(eth.payload);
    // The modem stands for every address on the link but the host's own (the gateway, mostly).
    if (!req || req.targetIp === session.ipv4 || req.targetIp === req.senderIp) return [];
    return [buildEthernet(req.senderMac, MODEM_MAC, ETHERTYPE_ARP, buildArpReply(req, MODEM_MAC, req.targetIp))];
  }
  if (eth.etherType !== ETHERTYPE_IPV4) return [];
  return answerIpv4(eth.payload, session).map((p) => buildEthernet(eth.src, MODEM_MAC, ETHERTYPE_IPV4, p));
}
