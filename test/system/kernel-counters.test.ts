import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { readIpLink, parseIpLinkJson, counterGrowth, sendsButNeverReceives } from '../../main/system/kernel-counters.ts';
import { KernelError } from '../../main/system/kernel-errors.ts';

// Captured on this project's Debian 12 test machine: `ip -j -s link show dev lo` (iproute2 6.1).
const CAPTURED_LO = '[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"qdisc":"noqueue",' +
  '"operstate":"UNKNOWN","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"loopback",' +
  '"address":"00:00:00:00:00:00","broadcast":"00:00:00:00:00:00","stats64":{"rx":{"bytes":3293,"packets":31,"errors":0,' +
  '"dropped":0,"over_errors":0,"multicast":0},"tx":{"bytes":3293,"packets":31,"errors":0,"dropped":0,"carrier_errors":0,"collisions":0}}}]';

// The seed's failure as `ip` shows it, assembled in the layout above from the counts seen when
// it was reproduced: an interface in 802.3 mode ("ether") that sent three DHCP DISCOVERs
// (TX 3 packets, 1026 bytes) to a modem expecting raw IP, and received nothing.
const SEED_WWAN0 = '[{"ifindex":3,"ifname":"wwan0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"fq_codel",' +
  '"operstate":"UNKNOWN","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"ether",' +
  '"stats64":{"rx":{"bytes":0,"packets":0,"errors":0,"dropped":0,"over_errors":0,"multicast":0},' +
  '"tx":{"bytes":1026,"packets":3,"errors":0,"dropped":0,"carrier_errors":0,"collisions":0}}}]';

test('captured `ip -j -s link` output parses into link state and counters', () => {
  const lo = parseIpLinkJson(CAPTURED_LO, 'lo');
  assert.deepEqual(lo, {
    name: 'lo', ifindex: 1, adminUp: true, lowerUp: true, operstate: 'UNKNOWN', linkType: 'loopback', mtu: 65536,
    counters: { rxBytes: 3293, rxPackets: 31, rxErrors: 0, rxDropped: 0, txBytes: 3293, txPackets: 31, txErrors: 0, txDropped: 0 },
  });
  const wwan = parseIpLinkJson(SEED_WWAN0, 'wwan0');
  assert.equal(wwan.linkType, 'ether');
  assert.equal(wwan.counters.txPackets, 3);
  assert.equal(wwan.counters.rxPackets, 0);
});

test('"TX grows, RX stays 0" is recognised from two readings', () => {
  const before = parseIpLinkJson(SEED_WWAN0, 'wwan0').counters;
  const after = { ...before, txPackets: 6, txBytes: 2052 };
  const growth = counterGrowth(before, after);
  assert.equal(growth.txPackets, 3);
  assert.equal(growth.rxPackets, 0);
  assert.equal(sendsButNeverReceives(growth), true);
  assert.equal(sendsButNeverReceives(counterGrowth(before, { ...after, rxPackets: 1 })), false);
  assert.equal(sendsButNeverReceives(counterGrowth(before, before)), false);
});

test('older iproute2 output with "stats" instead of "stats64" parses too', () => {
  const old = CAPTURED_LO.replace('"stats64"', '"stats"');
  assert.equal(parseIpLinkJson(old, 'lo').counters.rxPackets, 31);
});

test('malformed `ip` output is a typed error naming what was wrong, never a crash', () => {
  const cases: [string, RegExp][] = [
    ['', /not JSON/],
    ['[{"ifindex":1,', /not JSON/],
    ['{"ifname":"lo"}', /not a list of links/],
    ['[]', /no link named lo/],
    ['[null, 3, "lo"]', /no link named lo/],
    [CAPTURED_LO.replace('"ifname":"lo"', '"ifname":"eth0"'), /no link named lo/],
    [CAPTURED_LO.replace('"stats64"', '"statz"'), /no stats64/],
    [CAPTURED_LO.replace('"tx":{', '"tz":{'), /without rx and tx/],
    [CAPTURED_LO.replace('"packets":31', '"packets":-1'), /rx\.packets is -1/],
    [CAPTURED_LO.replace('"packets":31', '"packets":"31"'), /rx\.packets is "31"/],
    [CAPTURED_LO.replace('"packets":31', '"packets":3.5'), /rx\.packets is 3\.5/],
    [CAPTURED_LO.replace(',"errors":0', ''), /rx\.errors is missing/],
    [CAPTURED_LO.replace('"flags":["LOOPBACK","UP","LOWER_UP"]', '"flags":"UP"'), /flags is not a list/],
    [CAPTURED_LO.replace('"ifindex":1', '"ifindex":0'), /ifindex is 0/],
    [CAPTURED_LO.replace('"mtu":65536', '"mtu":null'), /mtu is null/],
    [CAPTURED_LO.replace('"operstate":"UNKNOWN"', '"operstate":5'), /operstate is 5/],
  ];
  for (const [text, why] of cases) {
    assert.throws(() => parseIpLinkJson(text, 'lo'), (e: unknown) => e instanceof KernelError && e.code === 'bad-output' && why.test(e.message), text.slice(0, 80));
  }
});

test('real counters from rtnetlink: datagrams over loopback make RX and TX grow', async () => {
  const before = await readIpLink('lo');
  assert.equal(before.adminUp, true);
  assert.equal(before.linkType, 'loopback');
  const rx = dgram.createSocket('udp4');
  const tx = dgram.createSocket('udp4');
  try {
    rx.bind(0, '127.0.0.1');
    await once(rx, 'listening');
    let got = 0;
    const all = new Promise<void>((resolve) => rx.on('message', () => { if (++got === 5) resolve(); }));
    for (let i = 0; i < 5; i++) tx.send(Buffer.alloc(100), rx.address().port, '127.0.0.1');
    await all;
  } finally {
    rx.close();
    tx.close();
  }
  const growth = counterGrowth(before.counters, (await readIpLink('lo')).counters);
  // Other programs may use loopback meanwhile: at least ours were counted.
  assert.ok(growth.txPackets >= 5, `tx grew by ${growth.txPackets}`);
  assert.ok(growth.rxPackets >= 5, `rx grew by ${growth.rxPackets}`);
  assert.ok(growth.rxBytes >= 5 * 128, `rx bytes grew by ${growth.rxBytes}`); // 100 + 8 UDP + 20 IPv4 each
});

test('a missing interface, a bad name or a missing `ip` are typed errors in words', async () => {
  await assert.rejects(readIpLink('nosuchif0'), (e: unknown) => e instanceof KernelError && e.code === 'not-found' && /no network interface called nosuchif0/.test(e.message));
  await assert.rejects(readIpLink('lo; reboot'), (e: unknown) => e instanceof KernelError && e.code === 'bad-name');
  await assert.rejects(readIpLink('lo', { ipCommand: '/nonexistent/ip' }), (e: unknown) => e instanceof KernelError && e.code === 'tool-failed' && /iproute2/.test(e.message));
});
