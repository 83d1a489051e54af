// The engine's data-path checks without a modem: reading udhcpc's lease, ping's RTT (iputils and
// busybox print it differently), the words for a silent interface, and the refusals and missing
// tools each outcome names. The real runs (udhcpc, ping and DNS through the virtual modem's
// wwan0) are in test/simulator/data-plane.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dhcpOnInterface, parseLease, prefixLengthOf } from '../../main/system/dhcp-client.ts';
import { parseRtt, pingOnce } from '../../main/system/ping.ts';
import { lookupThrough } from '../../main/system/dns-lookup.ts';
import { explainSilence } from '../../main/system/silent-interface.ts';
import type { Counters } from '../../main/system/kernel-counters.ts';

test('the lease our udhcpc script prints is read field by field; no lease without an address and mask', () => {
  const out = ['udhcpc: started, v1.35.0', 'MODEM_DOCTOR_LEASE_ip=10.23.154.198', 'MODEM_DOCTOR_LEASE_subnet=255.255.255.252',
    'MODEM_DOCTOR_LEASE_router=10.23.154.197 10.23.154.1', 'MODEM_DOCTOR_LEASE_dns=10.4.21.25 10.4.97.25', 'MODEM_DOCTOR_LEASE_mtu=1500',
    'MODEM_DOCTOR_LEASE_lease=7200', 'MODEM_DOCTOR_LEASE_serverid=10.23.154.197', ''].join('\n');
  assert.deepEqual(parseLease(out), {
    address: '10.23.154.198', subnet: '255.255.255.252', prefixLength: 30, router: '10.23.154.197',
    dns: ['10.4.21.25', '10.4.97.25'], mtu: 1500, leaseSeconds: 7200, serverId: '10.23.154.197',
  });
  assert.equal(parseLease('udhcpc: no lease, failing\n'), undefined);
  assert.equal(parseLease('MODEM_DOCTOR_LEASE_ip=10.0.0.2\n'), undefined);
  assert.deepEqual([prefixLengthOf('255.255.255.252'), prefixLengthOf('255.255.255.255'), prefixLengthOf('0.0.0.0'), prefixLengthOf('255.0.255.0')],
    [30, 32, 0, undefined]);
});

test('ping\'s round-trip time from iputils and busybox output', () => {
  assert.equal(parseRtt('64 bytes from 10.23.154.197: icmp_seq=1 ttl=64 time=0.812 ms\n'), 0.812);
  assert.equal(parseRtt('64 bytes from 10.23.154.197: seq=0 ttl=64 time=2.370 ms\n'), 2.37);
  assert.equal(parseRtt('1 packets transmitted, 0 received, 100% packet loss\n'), undefined);
});

const zero: Counters = { rxBytes: 0, rxPackets: 0, rxErrors: 0, rxDropped: 0, txBytes: 0, txPackets: 0, txErrors: 0, txDropped: 0 };

test('a silent interface: TX n packets, RX 0 is explained as a data format mismatch; any reply, or nothing sent, is not', () => {
  const why = explainSilence('wwan0', { ...zero, txPackets: 12, txBytes: 3420 });
  assert.deepEqual(why, {
    suggests: 'data-format-mismatch',
    message: 'wwan0: TX 12 packets, RX 0: the modem is dropping what the kernel sends — data formats disagree (the kernel\'s raw-ip setting and the modem\'s link layer must match).',
  });
  assert.match(explainSilence('wwan0', { ...zero, txPackets: 1 })!.message, /TX 1 packet, RX 0/);
  assert.equal(explainSilence('wwan0', { ...zero, txPackets: 12, rxPackets: 1 }), undefined);
  assert.equal(explainSilence('wwan0', zero), undefined);
});

test('refusals and missing tools are outcomes with a reason, not exceptions', async () => {
  const bad = await dhcpOnInterface('wwan0/../eth0');
  assert.equal(!bad.ok && bad.reason, 'bad-name');
  const missing = await dhcpOnInterface('wwan0', { command: '/nonexistent/udhcpc', tries: 1, secondsPerTry: 1 });
  assert.equal(!missing.ok && missing.reason, 'no-client');
  assert.match(!missing.ok ? missing.message : '', /Debian package udhcpc/);
  assert.equal((await pingOnce('10.0.0.1; reboot')).ok, false);
  const noPing = await pingOnce('10.0.0.1', { command: '/nonexistent/ping' });
  assert.equal(!noPing.ok && noPing.reason, 'no-tool');
  const dns = await lookupThrough('not-an-address', 'example.org');
  assert.equal(!dns.ok && dns.reason, 'bad-argument');
});
