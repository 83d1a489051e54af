// The DHCP server a modem runs on its side of the USB link, as the host sees it (qmi_wwan users run
// a DHCP client on wwan0 and get the data session's settings). Message layout from RFC 2131 §2
// (fixed 236-byte header, then the magic cookie and options), options from RFC 2132. Written by
// hand: the npm DHCP packages are whole servers binding sockets, not packet codecs.
//
// Raw IP has no hardware address: the client's chaddr is zeros there, so the reply copies chaddr,
// hlen and xid from the request instead of inventing them, and goes to the broadcast address.

import { bytesToIp, ipToBytes, PacketError } from './ipv4.ts';

const BOOTREQUEST = 1;
const BOOTREPLY = 2;
const FIXED_LEN = 236;
const MAGIC = 0x63825363;

/** RFC 2132 §9.6 DHCP message types. */
export const DHCP_TYPE = { discover: 1, offer: 2, request: 3, decline: 4, ack: 5, nak: 6, release: 7, inform: 8 } as const;

/** RFC 2132 option codes used here. */
const OPT = { subnet: 1, router: 3, dns: 6, mtu: 26, requestedIp: 50, leaseTime: 51, messageType: 53, serverId: 54, end: 255, pad: 0 } as const;

export interface DhcpRequest {
  type: number;
  xid: number;
  flags: number;
  htype: number;
  hlen: number;
  chaddr: Buffer;
  ciaddr: string;
  requestedIp: string | undefined;
  serverId: string | undefined;
}

/** The settings a lease hands out: the data session's. */
export interface LeaseSettings {
  address: string;
  subnet: string;
  gateway: string;
  dns: string[];
  mtu: number;
  leaseSeconds: number;
}

export function parseDhcp(b: Buffer): DhcpRequest {
  if (b.length < FIXED_LEN + 4) throw new PacketError(`${b.length} bytes is shorter than a DHCP message`);
  if (b[0] !== BOOTREQUEST) throw new PacketError(`op ${b[0]} is not a BOOTREQUEST`);
  if (b.readUInt32BE(FIXED_LEN) !== MAGIC) throw new PacketError('no DHCP magic cookie');
  const hlen = b[2]!;
  if (hlen > 16) throw new PacketError(`hardware address length ${hlen} is over 16`);
  const options = new Map<number, Buffer>();
  for (let i = FIXED_LEN + 4; i < b.length;) {
    const code = b[i]!;
    if (code === OPT.end) break;
    if (code === OPT.pad) { i++; continue; }
    if (i + 1 >= b.length) throw new PacketError(`option ${code} has no length`);
    const len = b[i + 1]!;
    if (i + 2 + len > b.length) throw new PacketError(`option ${code} runs past the end of the message`);
    options.set(code, b.subarray(i + 2, i + 2 + len));
    i += 2 + len;
  }
  const type = options.get(OPT.messageType);
  if (type?.length !== 1) throw new PacketError('no DHCP message type option');
  const addr = (o: Buffer | undefined): string | undefined => (o?.length === 4 ? bytesToIp(o) : undefined);
  return {
    type: type[0]!, xid: b.readUInt32BE(4), flags: b.readUInt16BE(10), htype: b[1]!, hlen,
    chaddr: Buffer.from(b.subarray(28, 44)), ciaddr: bytesToIp(b, 12),
    requestedIp: addr(options.get(OPT.requestedIp)), serverId: addr(options.get(OPT.serverId)),
  };
}

function option(code: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([code, value.length]), value]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function buildReply(req: DhcpRequest, type: number, s: LeaseSettings): Buffer {
  const h = Buffer.alloc(FIXED_LEN + 4);
  h[0] = BOOTREPLY;
  h[1] = req.htype;
  h[2] = req.hlen;
  h.writeUInt32BE(req.xid, 4);
  h.writeUInt16BE(req.flags, 10);
  if (type !== DHCP_TYPE.nak) ipToBytes(s.address).copy(h, 16);
  req.chaddr.copy(h, 28);
  h.writeUInt32BE(MAGIC, FIXED_LEN);
  const opts = [option(OPT.messageType, Buffer.from([type])), option(OPT.serverId, ipToBytes(s.gateway))];
  if (type !== DHCP_TYPE.nak) {
    const mtu = Buffer.alloc(2);
    mtu.writeUInt16BE(s.mtu);
    opts.push(
      option(OPT.leaseTime, u32(s.leaseSeconds)),
      option(OPT.subnet, ipToBytes(s.subnet)),
      option(OPT.router, ipToBytes(s.gateway)),
      option(OPT.dns, Buffer.concat(s.dns.map(ipToBytes))),
      option(OPT.mtu, mtu),
    );
  }
  return Buffer.concat([h, ...opts, Buffer.from([OPT.end])]);
}

/**
 * The server's answer to one client message: OFFER to DISCOVER; ACK to a REQUEST for the
 * session's address (NAK for any other address); nothing to a REQUEST meant for another
 * server, to RELEASE, DECLINE or INFORM (RFC 2131 §4.3).
 */
export function dhcpAnswer(req: DhcpRequest, s: LeaseSettings): Buffer | null {
  if (req.type === DHCP_TYPE.discover) return buildReply(req, DHCP_TYPE.offer, s);
  if (req.type !== DHCP_TYPE.request) return null;
  if (req.serverId !== undefined && req.serverId !== s.gateway) return null;
  const wanted = req.requestedIp ?? req.ciaddr;
  return buildReply(req, wanted === s.address ? DHCP_TYPE.ack : DHCP_TYPE.nak, s);
}
