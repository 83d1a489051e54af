// IPv4 (RFC 791), UDP (RFC 768) and ICMP echo (RFC 792) headers: only what the virtual modem's
// network side needs to read a packet from the host and build its answer. No npm package for
// these is both small and well kept, so they are written out here; every read is bounds-checked
// and a malformed packet is a PacketError (the modem drops it, as a router drops a bad packet).

export class PacketError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PacketError';
  }
}

export const PROTO_ICMP = 1;
export const PROTO_UDP = 17;

export interface Ipv4Packet {
  src: string;
  dst: string;
  protocol: number;
  ttl: number;
  /** The bytes after the header, cut to the packet's total length. */
  payload: Buffer;
}

/** RFC 1071 Internet checksum over `parts` (one's complement of the one's complement sum). */
export function internetChecksum(...parts: Buffer[]): number {
  let sum = 0;
  for (const b of parts) {
    for (let i = 0; i + 1 < b.length; i += 2) sum += b.readUInt16BE(i);
    if (b.length % 2 === 1) sum += b[b.length - 1]! << 8;
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export function ipToBytes(ip: string): Buffer {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) throw new PacketError(`not an IPv4 address: ${ip}`);
  return Buffer.from(parts.map(Number));
}

export function bytesToIp(b: Buffer, offset = 0): string {
  if (offset + 4 > b.length) throw new PacketError('address runs past the end of the packet');
  return `${b[offset]}.${b[offset + 1]}.${b[offset + 2]}.${b[offset + 3]}`;
}

/** The IP version nibble of a packet (4 or 6 for IP; anything else is not an IP packet). */
export function ipVersion(b: Buffer): number | undefined {
  return b.length > 0 ? b[0]! >> 4 : undefined;
}

export function parseIpv4(b: Buffer): Ipv4Packet {
  if (b.length < 20) throw new PacketError(`${b.length} bytes is shorter than an IPv4 header`);
  if (ipVersion(b) !== 4) throw new PacketError(`IP version ${ipVersion(b)}, not 4`);
  const ihl = (b[0]! & 0x0f) * 4;
  const total = b.readUInt16BE(2);
  if (ihl < 20 || total < ihl || total > b.length) throw new PacketError(`header length ${ihl} / total length ${total} do not fit ${b.length} bytes`);
  if (internetChecksum(b.subarray(0, ihl)) !== 0) throw new PacketError('IPv4 header checksum is wrong');
  if ((b.readUInt16BE(6) & 0x3fff) !== 0) throw new PacketError('fragments are not reassembled here');
  return { src: bytesToIp(b, 12), dst: bytesToIp(b, 16), protocol: b[9]!, ttl: b[8]!, payload: b.subarray(ihl, total) };
}

export function buildIpv4(p: { src: string; dst: string; protocol: number; payload: Buffer; ttl?: number }): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + p.payload.length, 2);
  h.writeUInt16BE(0x4000, 6); // don't fragment
  h[8] = p.ttl ?? 64;
  h[9] = p.protocol;
  ipToBytes(p.src).copy(h, 12);
  ipToBytes(p.dst).copy(h, 16);
  h.writeUInt16BE(internetChecksum(h), 10);
  return Buffer.concat([h, p.payload]);
}

export interface UdpDatagram {
  srcPort: number;
  dstPort: number;
  payload: Buffer;
}

export function parseUdp(b: Buffer): UdpDatagram {
  if (b.length < 8) throw new PacketError(`${b.length} bytes is shorter than a UDP header`);
  const len = b.readUInt16BE(4);
  if (len < 8 || len > b.length) throw new PacketError(`UDP length ${len} does not fit ${b.length} bytes`);
  return { srcPort: b.readUInt16BE(0), dstPort: b.readUInt16BE(2), payload: b.subarray(8, len) };
}

/** A UDP datagram with its checksum over the RFC 768 pseudo-header. */
export function buildUdp(src: string, dst: string, srcPort: number, dstPort: number, payload: Buffer): Buffer {
  const u = Buffer.alloc(8);
  u.writeUInt16BE(srcPort, 0);
  u.writeUInt16BE(dstPort, 2);
  u.writeUInt16BE(8 + payload.length, 4);
  const pseudo = Buffer.concat([ipToBytes(src), ipToBytes(dst), Buffer.from([0, PROTO_UDP]), Buffer.from([(8 + payload.length) >> 8, (8 + payload.length) & 0xff])]);
  const sum = internetChecksum(pseudo, u, payload);
  u.writeUInt16BE(sum === 0 ? 0xffff : sum, 6);
  return Buffer.concat([u, payload]);
}

const ICMP_ECHO_REPLY = 0;
const ICMP_ECHO_REQUEST = 8;

/** The echo reply to an ICMP echo request (same id, sequence and data), or null for anything else. */
export function icmpEchoReply(icmp: Buffer): Buffer | null {
  if (icmp.length < 8) throw new PacketError(`${icmp.length} bytes is shorter than an ICMP header`);
  if (icmp[0] !== ICMP_ECHO_REQUEST || icmp[1] !== 0) return null;
  if (internetChecksum(icmp) !== 0) throw new PacketError('ICMP checksum is wrong');
  const r = Buffer.from(icmp);
  r[0] = ICMP_ECHO_REPLY;
  r.writeUInt16BE(0, 2);
  r.writeUInt16BE(internetChecksum(r), 2);
  return r;
}
