// What the mobile network behind a data session answers to one IPv4 packet from the host: DHCP
// (the session's settings, as a modem's own DHCP server gives them), ICMP echo to the gateway,
// and DNS queries to the session's DNS servers. Everything else goes out to "the internet",
// which here answers nothing.

import type { ConnectionState } from '../state.ts';
import { dhcpAnswer, parseDhcp, type LeaseSettings } from './dhcp.ts';
import { dnsAnswer } from './dns.ts';
import { buildIpv4, buildUdp, icmpEchoReply, parseIpv4, parseUdp, PROTO_ICMP, PROTO_UDP } from './ipv4.ts';

const DHCP_SERVER_PORT = 67;
const DHCP_CLIENT_PORT = 68;
const DNS_PORT = 53;
const LEASE_SECONDS = 7200;

export function leaseOf(c: ConnectionState): LeaseSettings {
  return { address: c.ipv4, subnet: c.subnet, gateway: c.gateway, dns: [c.dns1, c.dns2], mtu: c.mtu, leaseSeconds: LEASE_SECONDS };
}

/** The IPv4 packets sent back for one IPv4 packet from the host (throws PacketError when malformed). */
export function answerIpv4(packet: Buffer, session: ConnectionState): Buffer[] {
  const ip = parseIpv4(packet);
  if (ip.protocol === PROTO_ICMP) {
    if (ip.dst !== session.gateway) return [];
    const reply = icmpEchoReply(ip.payload);
    return reply ? [buildIpv4({ src: ip.dst, dst: ip.src, protocol: PROTO_ICMP, payload: reply })] : [];
  }
  if (ip.protocol !== PROTO_UDP) return [];
  const udp = parseUdp(ip.payload);
  if (udp.dstPort === DHCP_SERVER_PORT && udp.srcPort === DHCP_CLIENT_PORT) {
    const reply = dhcpAnswer(parseDhcp(udp.payload), leaseOf(session));
    if (!reply) return [];
    // Broadcast: the client has no address yet (and on raw IP no hardware address either).
    const dst = '255.255.255.255';
    return [buildIpv4({ src: session.gateway, dst, protocol: PROTO_UDP, payload: buildUdp(session.gateway, dst, DHCP_SERVER_PORT, DHCP_CLIENT_PORT, reply) })];
  }
  if (udp.dstPort === DNS_PORT && (ip.dst === session.dns1 || ip.dst === session.dns2)) {
    const reply = dnsAnswer(udp.payload);
    return reply ? [buildIpv4({ src: ip.dst, dst: ip.src, protocol: PROTO_UDP, payload: buildUdp(ip.dst, ip.src, DNS_PORT, udp.srcPort, reply) })] : [];
  }
  return [];
}
