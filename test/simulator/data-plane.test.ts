// The virtual modem's data plane, for real: a wwan0 the kernel sends packets into, busybox
// udhcpc and ping on it, DNS through the session's server, and the counters read through
// rtnetlink. Everything runs in a private network namespace (this file runs itself again under
// unshare -n), so nothing touches the machine's network; afterwards no process may be left in
// that namespace, and each modem's interface and socat must be gone when it stops.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openQmiPort } from '../../main/system/open-qmi.ts';
import { WDA, WDS } from '../../main/qmi/services/index.ts';
import { counterGrowth, readIpLink } from '../../main/system/kernel-counters.ts';
import { dhcpOnInterface } from '../../main/system/dhcp-client.ts';
import { pingOnce } from '../../main/system/ping.ts';
import { lookupThrough } from '../../main/system/dns-lookup.ts';
import { explainSilence } from '../../main/system/silent-interface.ts';
import { FIXED_A_RECORD } from '../../main/simulator/data/dns.ts';
import type { Simulator } from '../../main/simulator/simulator.ts';
import { IN_PRIVATE_NETNS, runFileInPrivateNetns, skipUnlessPrivateNetns } from '../support/private-netns.ts';
import { isRoot } from '../support/needs-root.ts';
import { withSim } from './support.ts';

const CLI = path.join(import.meta.dirname, '../../bin/modem-doctor.mjs');
// udhcpc: two DISCOVERs a second apart (its defaults make a failure take ~9 s).
const QUICK_DHCP = { tries: 2, secondsPerTry: 1 };

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

async function interfaceGone(name: string): Promise<boolean> {
  try { await readIpLink(name); return false; } catch (e) { return (e as { code?: string }).code === 'not-found'; }
}

/** A simulator with its data plane; after it stops, its interface and socat must be gone. */
async function withDataPlane(scenario: string, fn: (sim: Simulator) => Promise<void>, latencyData = 1): Promise<void> {
  let socats: number[] = [];
  let name = '';
  await withSim('ec25', scenario, async (sim) => {
    name = sim.dataInterface!.name;
    socats = sim.dataPlaneSocatPids;
    await fn(sim);
    socats = sim.dataPlaneSocatPids;
  }, { dataPlane: true, latency: { qmi: 1, at: 1, data: latencyData } });
  assert.equal(await interfaceGone(name), true, `${name} is still there after the simulator stopped`);
  assert.equal(socats.length, 1);
  assert.deepEqual(socats.filter(alive), [], 'socat is still running after the simulator stopped');
}

if (!IN_PRIVATE_NETNS) {
  test('simulate --data-plane refuses outside a private network namespace, saying why, and creates nothing', async () => {
    const before = isRoot ? await interfaceGone('wwan0') : true;
    const child = spawn(process.execPath, [CLI, 'simulate', '--data-plane'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, isRoot ? /private network namespace/ : /needs root/);
    assert.match(stderr, /unshare -n/);
    if (isRoot) assert.equal(await interfaceGone('wwan0'), before, 'wwan0 appeared on this machine');
  });

  test('the data plane in a private network namespace (the tests below, run under unshare -n); nothing left in it afterwards',
    { skip: skipUnlessPrivateNetns() }, async () => {
      const r = await runFileInPrivateNetns(import.meta.filename);
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /ℹ pass [1-9]/, r.output);
      assert.match(r.output, /ℹ fail 0/, r.output);
      assert.deepEqual(r.leftovers, [], 'processes left in the namespace');
    });
} else {
  describe('data plane (inside a private network namespace)', () => {
    test('seed: wwan0 is a tap (kernel 802.3, modem raw-ip): udhcpc gets no lease, TX grows, RX stays 0, and the counters say why', () =>
      withDataPlane('seed', async (sim) => {
        assert.deepEqual(sim.dataInterface, { name: 'wwan0', kind: 'tap' });
        const before = await readIpLink('wwan0');
        assert.equal(before.linkType, 'ether');
        const dhcp = await dhcpOnInterface('wwan0', QUICK_DHCP);
        assert.equal(dhcp.ok, false);
        assert.equal(!dhcp.ok && dhcp.reason, 'no-lease', dhcp.output);
        const after = await readIpLink('wwan0');
        assert.ok(after.counters.txPackets >= 2, `TX ${after.counters.txPackets}`);
        assert.equal(after.counters.rxPackets, 0);
        const why = explainSilence('wwan0', counterGrowth(before.counters, after.counters));
        assert.equal(why?.suggests, 'data-format-mismatch');
        assert.match(why!.message, /^wwan0: TX \d+ packets, RX 0: the modem is dropping what the kernel sends — data formats disagree/);
      }));

    test('seed fixed as the doctor will (kernel raw-ip, WDA raw-ip, the APN, a session): lease 10.23.154.198/30, the gateway answers a ping, DNS through 10.4.21.25 answers', () =>
      withDataPlane('seed', async (sim) => {
        // The kernel side first, as the fix writes qmi/raw_ip: wwan0 comes back as a tun.
        sim.model.setKernelRawIp(true);
        await sim.dataPlaneSettled();
        assert.deepEqual(sim.dataInterface, { name: 'wwan0', kind: 'tun' });
        assert.equal((await readIpLink('wwan0')).linkType, 'none');
        const c = await openQmiPort({ device: sim.ports.qmi!, releaseOnSignals: false });
        try {
          const fmt = await c.request(WDA, WDA.messages.setDataFormat, { linkLayerProtocol: 'raw-ip' });
          assert.equal(fmt.fields.linkLayerProtocol, 'raw-ip');
          assert.equal((await c.request(WDS, WDS.messages.modifyProfile,
            { profileIdentifier: { profileType: '3gpp', profileIndex: 1 }, apnName: 'internet.it' })).ok, true);
          // The seed's autoconnect holds the bearer: stop it (and autoconnect) before our own session.
          assert.equal((await c.request(WDS, WDS.messages.stopNetwork, { packetDataHandle: 0xffffffff, disableAutoconnect: true })).ok, true);
          const start = await c.request(WDS, WDS.messages.startNetwork, { profileIndex3gpp: 1 });
          assert.equal(start.ok, true, start.result.errorName);
        } finally {
          await c.close();
        }
        const dhcp = await dhcpOnInterface('wwan0', QUICK_DHCP);
        assert.ok(dhcp.ok, dhcp.ok ? '' : `${dhcp.message}\n${dhcp.output}`);
        assert.deepEqual({ ...dhcp.lease }, {
          address: '10.23.154.198', subnet: '255.255.255.252', prefixLength: 30, router: '10.23.154.197',
          dns: ['10.4.21.25', '10.4.97.25'], mtu: 1500, leaseSeconds: 7200, serverId: '10.23.154.197',
        });
        const ping = await pingOnce('10.23.154.197', { iface: 'wwan0' });
        assert.ok(ping.ok, ping.ok ? '' : `${ping.message}\n${ping.output}`);
        // Each reply waits --latency-data (30 ms here): a lower bound, whatever the machine's speed.
        assert.ok(ping.rttMs >= 30, `RTT ${ping.rttMs} ms is below the 30 ms latency`);
        const dns = await lookupThrough('10.4.21.25', 'connectivity-check.example');
        assert.deepEqual(dns.ok && dns.addresses, [FIXED_A_RECORD], JSON.stringify(dns));
        const counters = (await readIpLink('wwan0')).counters;
        assert.ok(counters.rxPackets >= 4, `RX ${counters.rxPackets}: offer, ack, echo reply, DNS answer`);
      }, 30));

    test('both ends in 802.3: the modem answers ARP for the gateway, DHCP, ping and DNS in Ethernet frames', () =>
      withDataPlane('healthy', async (sim) => {
        sim.model.setKernelRawIp(false);
        await sim.dataPlaneSettled();
        assert.deepEqual(sim.dataInterface, { name: 'wwan0', kind: 'tap' });
        const c = await openQmiPort({ device: sim.ports.qmi!, releaseOnSignals: false });
        try {
          assert.equal((await c.request(WDA, WDA.messages.setDataFormat, { linkLayerProtocol: '802-3' })).fields.linkLayerProtocol, '802-3');
          assert.equal((await c.request(WDS, WDS.messages.startNetwork, { profileIndex3gpp: 1 })).ok, true);
        } finally {
          await c.close();
        }
        const dhcp = await dhcpOnInterface('wwan0', QUICK_DHCP);
        assert.equal(dhcp.ok && dhcp.lease.address, '10.23.154.198', dhcp.output);
        const ping = await pingOnce('10.23.154.197', { iface: 'wwan0' });
        assert.ok(ping.ok, ping.ok ? '' : ping.output);
        const dns = await lookupThrough('10.4.97.25', 'example.org');
        assert.deepEqual(dns.ok && dns.addresses, [FIXED_A_RECORD], JSON.stringify(dns));
      }));

    test('no data session: nothing passes, even with the formats agreed (healthy modem, no Start Network)', () =>
      withDataPlane('healthy', async (sim) => {
        assert.equal(sim.model.state.connection, null);
        assert.deepEqual(sim.dataInterface, { name: 'wwan0', kind: 'tun' });
        const dhcp = await dhcpOnInterface('wwan0', QUICK_DHCP);
        assert.equal(!dhcp.ok && dhcp.reason, 'no-lease', dhcp.output);
        assert.equal((await readIpLink('wwan0')).counters.rxPackets, 0);
      }));

    test('a modem reset takes wwan0 away while the modem is off USB and brings it back (new index, in sysfs too); in ECM mode it stays away', () =>
      withDataPlane('healthy', async (sim) => {
        const ifindexFile = path.join(sim.sysfs.root, 'class', 'net', 'wwan0', 'ifindex');
        const first = await readIpLink('wwan0');
        const firstSocats = sim.dataPlaneSocatPids;
        assert.equal(fs.readFileSync(ifindexFile, 'utf8').trim(), String(first.ifindex), 'sysfs names the real interface');
        // At the moment the ports vanish (the modem is off the bus), the interface is gone too.
        const goneWhileOff = new Promise<boolean>((resolve) => sim.once('vanished', () => resolve(interfaceGone('wwan0'))));
        sim.model.setOperatingMode('reset');
        assert.equal(await goneWhileOff, true, 'wwan0 still there while the modem is off USB');
        await sim.settled();
        const back = await readIpLink('wwan0');
        assert.notEqual(back.ifindex, first.ifindex, 'the same device survived the reset');
        assert.deepEqual(firstSocats.filter(alive), [], 'the old device\'s socat still runs');
        assert.deepEqual(sim.dataInterface, { name: 'wwan0', kind: 'tun' });
        assert.equal(fs.readFileSync(ifindexFile, 'utf8').trim(), String(back.ifindex));
        // usbnet 1 (ECM, cdc_ether's usb0) after the next reset: no QMI interface, so no wwan0.
        sim.model.setComposition(1);
        sim.model.setOperatingMode('reset');
        await sim.settled();
        assert.equal(await interfaceGone('wwan0'), true, 'wwan0 came back in ECM mode');
        assert.deepEqual(sim.dataInterface, { name: 'wwan0', kind: null });
        sim.model.setComposition(0);
        sim.model.setOperatingMode('reset');
        await sim.settled();
        assert.equal((await readIpLink('wwan0')).linkType, 'none', 'wwan0 is back as a raw-ip tun');
      }));

    test('simulate --data-plane prints each modem\'s interface and removes it (and its socat) on SIGTERM', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-dp-cli-'));
      const child = spawn(process.execPath, [CLI, 'simulate', '--scenario', 'seed', '--data-plane', '--count', '2', '--dir', dir],
        { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        let out = '';
        let err = '';
        child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
        const lines = await new Promise<string[]>((resolve, reject) => {
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            const l = out.split('\n').filter(Boolean);
            if (l.length >= 2 && out.endsWith('\n')) resolve(l);
          });
          child.on('exit', (code) => reject(new Error(`simulate exited ${code}: ${err}`)));
        });
        const modems = lines.map((l) => JSON.parse(l) as { dataInterface?: { name: string; kind: string } });
        assert.deepEqual(modems.map((m) => m.dataInterface), [{ name: 'wwan0', kind: 'tap' }, { name: 'wwan1', kind: 'tap' }]);
        assert.equal((await readIpLink('wwan1')).linkType, 'ether');
        child.kill('SIGTERM');
        assert.equal(await new Promise((resolve) => child.on('exit', resolve)), 0);
        assert.equal(await interfaceGone('wwan0'), true);
        assert.equal(await interfaceGone('wwan1'), true);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
