// Ethernet II framing (RFC 894: destination, source, EtherType, payload) and ARP for IPv4 over
// Ethernet (RFC 826): what a modem in 802.3 mode puts around IP packets and answers on the link,
// as qmi_wwan hands it to the kernel when raw_ip is N.

import { bytesToIp, ipToBytes, PacketError } from './ipv4.ts';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
const HEADER = 14;

export interface EthernetFrame {
  dst: Buffer;
  src: Buffer;
  etherType: number;
  payload: Buffer;
}

export function parseEthernet(b: Buffer): EthernetFrame {
  if (b.length < HEADER) throw new PacketError(`${b.length} bytes is shorter than an Ethernet header`);
  return { dst: b.subarray(0, 6), src: b.subarray(6, 12), etherType: b.readUInt16BE(12), payload: b.subarray(HEADER) };
}

export function buildEthernet(dst: Buffer, src: Buffer, etherType: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(HEADER);
  dst.copy(h, 0, 0, 6);
  src.copy(h, 6, 0, 6);
  h.writeUInt16BE(etherType, 12);
  return Buffer.concat([h, payload]);
}

const ARP_REQUEST = 1;
const ARP_REPLY = 2;
const HTYPE_ETHERNET = 1;

export interface ArpRequest {
  senderMac: Buffer;
  senderIp: string;
  targetIp: string;
}

/** An ARP request for an IPv4 address over Ethernet; null for replies and other kinds. */
export function parseArpRequest(b: Buffer): ArpRequest | null {
  if (b.length < 28) throw new PacketError(`${b.length} bytes is shorter than an ARP message`);
  if (b.readUInt16BE(0) !== HTYPE_ETHERNET || b.readUInt16BE(2) !== ETHERTYPE_IPV4 || b[4] !== 6 || b[5] !== 4) return null;
  if (b.readUInt16BE(6) !== ARP_REQUEST) return null;
  return { senderMac: Buffer.from(b.subarray(8, 14)), senderIp: bytesToIp(b, 14), targetIp: bytesToIp(b, 24) };
}

/** The ARP reply saying `ownerIp` is at `ownerMac`, to the one who asked. */
export function buildArpReply(req: ArpRequest, ownerMac: Buffer, ownerIp: string): Buffer {
  const b = Buffer.alloc(28);
  b.writeUInt16BE(HTYPE_ETHERNET, 0);
  b.writeUInt16BE(ETHERTYPE_IPV4, 2);
  b[4] = 6;
  b[5] = 4;
  b.writeUInt16BE(ARP_REPLY, 6);
  ownerMac.copy(b, 8, 0, 6);
  ipToBytes(ownerIp).copy(b, 14);
  req.senderMac.copy(b, 18, 0, 6);
  ipToBytes(req.senderIp).copy(b, 24);
  return b;
}
