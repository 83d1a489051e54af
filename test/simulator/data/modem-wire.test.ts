// The modem's end of the data link, frame by frame (no root, no interface): what passes and what
// is dropped from the model's state, and what comes back — DHCP with the session's settings,
// ICMP echo from the gateway, DNS answers, ARP on the 802.3 side — checked by decoding the
// replies field by field (dns-packet for DNS). Random bytes end in a reply list or a typed
// PacketError, never anything else.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import dnsPacket from 'dns-packet';
import { buildScenario } from '../../../main/simulator/scenarios.ts';
import { profileById } from '../../../main/simulator/profiles/index.ts';
import { ModemModel } from '../../../main/simulator/model.ts';
import type { ModemState } from '../../../main/simulator/state.ts';
import { modemReceives, verdict, MODEM_MAC } from '../../../main/simulator/data/modem-wire.ts';
import { buildIpv4, buildUdp, internetChecksum, parseIpv4, parseUdp, PacketError, PROTO_ICMP, PROTO_UDP } from '../../../main/simulator/data/ipv4.ts';
import { buildEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4, parseEthernet } from '../../../main/simulator/data/ethernet.ts';
import { FIXED_A_RECORD } from '../../../main/simulator/data/dns.ts';

const HOST_MAC = Buffer.from([0x02, 0x11, 0x22, 0x33, 0x44, 0x55]);

/** A healthy EC25 with a session up (Start Network with internet.it). */
function sessionUp(): ModemState {
  const m = new ModemModel(buildScenario('healthy', profileById('ec25')!, 0).state);
  const r = m.startNetwork({ apn: 'internet.it' });
  assert.equal(r.ok, true);
  return m.state;
}

/** A DHCP message from a client as udhcpc sends it (RFC 2131 §2; chaddr zeros, as on raw IP). */
function dhcpMessage(type: number, extra: number[] = []): Buffer {
  const fixed = Buffer.alloc(236);
  fixed[0] = 1; fixed[1] = 1; fixed[2] = 6;
  fixed.writeUInt32BE(0xdeadbeef, 4);
  return Buffer.concat([fixed, Buffer.from([0x63, 0x82, 0x53, 0x63, 53, 1, type, ...extra, 255])]);
}

function udpPacket(src: string, dst: string, sport: number, dport: number, payload: Buffer): Buffer {
  return buildIpv4({ src, dst, protocol: PROTO_UDP, payload: buildUdp(src, dst, sport, dport, payload) });
}

/** DHCP options of a reply, by code. */
function options(dhcp: Buffer): Map<number, Buffer> {
  const o = new Map<number, Buffer>();
  for (let i = 240; i < dhcp.length && dhcp[i] !== 255;) { o.set(dhcp[i]!, dhcp.subarray(i + 2, i + 2 + dhcp[i + 1]!)); i += 2 + dhcp[i + 1]!; }
  return o;
}

test('the Internet checksum of RFC 1071 §3\'s example', () => {
  assert.equal(internetChecksum(Buffer.from([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7])), ~0xddf2 & 0xffff);
});

test('nothing passes without a session, nor when the modem\'s link layer differs from the kernel\'s framing', () => {
  const m = new ModemModel(buildScenario('healthy', profileById('ec25')!, 0).state);
  assert.deepEqual(verdict(m.state, 'raw-ip'), { pass: false, why: 'no-session' });
  const discover = udpPacket('0.0.0.0', '255.255.255.255', 68, 67, dhcpMessage(1));
  assert.deepEqual(modemReceives(discover, m.state, 'raw-ip'), []);
  const up = sessionUp();
  assert.deepEqual(verdict(up, '802-3'), { pass: false, why: 'format-mismatch' });
  assert.deepEqual(modemReceives(buildEthernet(Buffer.alloc(6, 0xff), HOST_MAC, ETHERTYPE_IPV4, discover), up, '802-3'), []);
  assert.deepEqual(verdict(up, 'raw-ip'), { pass: true });
  assert.equal(modemReceives(discover, up, 'raw-ip').length, 1);
});

test('DHCP on raw IP: OFFER then ACK with the session\'s address, /30, gateway, both DNS, MTU 1500; NAK for another address', () => {
  const s = sessionUp();
  const [offerIp] = modemReceives(udpPacket('0.0.0.0', '255.255.255.255', 68, 67, dhcpMessage(1)), s, 'raw-ip');
  const ip = parseIpv4(offerIp!);
  assert.deepEqual([ip.src, ip.dst], ['10.23.154.197', '255.255.255.255']);
  const udp = parseUdp(ip.payload);
  assert.deepEqual([udp.srcPort, udp.dstPort], [67, 68]);
  const offer = udp.payload;
  assert.equal(offer.readUInt32BE(4), 0xdeadbeef, 'xid copied');
  assert.equal([...offer.subarray(16, 20)].join('.'), '10.23.154.198');
  const o = options(offer);
  assert.deepEqual([...o.get(53)!], [2]);
  assert.equal([...o.get(1)!].join('.'), '255.255.255.252');
  assert.equal([...o.get(3)!].join('.'), '10.23.154.197');
  assert.equal([...o.get(6)!].join('.'), '10.4.21.25.10.4.97.25');
  assert.equal(o.get(26)!.readUInt16BE(0), 1500);
  const ask = (addr: number[]): Buffer => modemReceives(udpPacket('0.0.0.0', '255.255.255.255', 68, 67,
    dhcpMessage(3, [50, 4, ...addr, 54, 4, 10, 23, 154, 197])), s, 'raw-ip')[0]!;
  assert.deepEqual([...options(parseUdp(parseIpv4(ask([10, 23, 154, 198])).payload).payload).get(53)!], [5]);
  assert.deepEqual([...options(parseUdp(parseIpv4(ask([10, 0, 0, 9])).payload).payload).get(53)!], [6]);
  // A REQUEST naming another server is not ours to answer.
  assert.deepEqual(modemReceives(udpPacket('0.0.0.0', '255.255.255.255', 68, 67,
    dhcpMessage(3, [50, 4, 10, 23, 154, 198, 54, 4, 10, 9, 9, 9])), s, 'raw-ip'), []);
});

test('ICMP echo: the gateway answers with the same id, sequence and data; other hosts stay silent', () => {
  const s = sessionUp();
  const echo = Buffer.from([8, 0, 0, 0, 0x12, 0x34, 0x00, 0x07, 1, 2, 3, 4]);
  echo.writeUInt16BE(internetChecksum(echo), 2);
  const [reply] = modemReceives(buildIpv4({ src: '10.23.154.198', dst: '10.23.154.197', protocol: PROTO_ICMP, payload: echo }), s, 'raw-ip');
  const ip = parseIpv4(reply!);
  assert.deepEqual([ip.src, ip.dst, ip.protocol], ['10.23.154.197', '10.23.154.198', PROTO_ICMP]);
  assert.equal(ip.payload[0], 0);
  assert.deepEqual(ip.payload.subarray(4), echo.subarray(4));
  assert.equal(internetChecksum(ip.payload), 0);
  assert.deepEqual(modemReceives(buildIpv4({ src: '10.23.154.198', dst: '8.8.8.8', protocol: PROTO_ICMP, payload: echo }), s, 'raw-ip'), []);
});

test('DNS to the session\'s servers: A questions get the fixed record, AAAA an empty answer; other servers stay silent', () => {
  const s = sessionUp();
  const q = (type: 'A' | 'AAAA', server: string): Buffer[] => modemReceives(udpPacket('10.23.154.198', server, 40000, 53,
    dnsPacket.encode({ type: 'query', id: 77, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name: 'example.org' }] })), s, 'raw-ip');
  const a = dnsPacket.decode(parseUdp(parseIpv4(q('A', '10.4.21.25')[0]!).payload).payload);
  assert.equal(a.id, 77);
  assert.deepEqual(a.answers?.map((x) => [x.type, x.name, x.type === 'A' ? x.data : null]), [['A', 'example.org', FIXED_A_RECORD]]);
  const aaaa = dnsPacket.decode(parseUdp(parseIpv4(q('AAAA', '10.4.97.25')[0]!).payload).payload);
  assert.deepEqual(aaaa.answers, []);
  assert.deepEqual(q('A', '1.1.1.1'), []);
});

test('802.3 with both ends agreed: ARP for the gateway is answered with the modem\'s MAC, none for the host\'s own address; IP comes back framed to the host', () => {
  const m = new ModemModel(buildScenario('healthy', profileById('ec25')!, 0).state);
  m.setLinkLayer('802-3');
  assert.equal(m.startNetwork({ apn: 'internet.it' }).ok, true);
  const arp = (target: number[]): Buffer => buildEthernet(Buffer.alloc(6, 0xff), HOST_MAC, ETHERTYPE_ARP,
    Buffer.from([0, 1, 8, 0, 6, 4, 0, 1, ...HOST_MAC, 10, 23, 154, 198, 0, 0, 0, 0, 0, 0, ...target]));
  const [reply] = modemReceives(arp([10, 23, 154, 197]), m.state, '802-3');
  const eth = parseEthernet(reply!);
  assert.deepEqual([eth.dst, eth.src, eth.etherType], [HOST_MAC, MODEM_MAC, ETHERTYPE_ARP]);
  assert.equal(eth.payload.readUInt16BE(6), 2, 'an ARP reply');
  assert.deepEqual(eth.payload.subarray(8, 14), MODEM_MAC);
  assert.equal([...eth.payload.subarray(14, 18)].join('.'), '10.23.154.197');
  assert.deepEqual(modemReceives(arp([10, 23, 154, 198]), m.state, '802-3'), []);
  const discover = buildEthernet(Buffer.alloc(6, 0xff), HOST_MAC, ETHERTYPE_IPV4, udpPacket('0.0.0.0', '255.255.255.255', 68, 67, dhcpMessage(1)));
  const offer = parseEthernet(modemReceives(discover, m.state, '802-3')[0]!);
  assert.deepEqual([offer.dst, offer.src, offer.etherType], [HOST_MAC, MODEM_MAC, ETHERTYPE_IPV4]);
  assert.equal(parseIpv4(offer.payload).src, '10.23.154.197');
});

test('random frames in either framing: a list of replies or a PacketError, never another failure', () => {
  const raw = sessionUp();
  const m = new ModemModel(buildScenario('healthy', profileById('ec25')!, 0).state);
  m.setLinkLayer('802-3');
  m.startNetwork({ apn: 'internet.it' });
  // Bytes that often look like the real thing: an IPv4/UDP header to the DHCP or DNS port, then noise.
  const frame = fc.oneof(
    fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
    fc.tuple(fc.constantFrom(67, 53), fc.uint8Array({ maxLength: 400 }))
      .map(([port, b]) => udpPacket('0.0.0.0', port === 67 ? '255.255.255.255' : '10.4.21.25', 68, port, Buffer.from(b))),
  );
  fc.assert(fc.property(frame, fc.boolean(), (f, eth) => {
    try {
      const out = eth ? modemReceives(buildEthernet(MODEM_MAC, HOST_MAC, ETHERTYPE_IPV4, f), m.state, '802-3') : modemReceives(f, raw, 'raw-ip');
      assert.ok(Array.isArray(out));
    } catch (e) {
      if (!(e instanceof PacketError)) throw e;
    }
  }), { numRuns: 500 });
});
