// The seed story on the wire, as a user meets it: the virtual EC25 with its data plane (a real
// wwan0) in a private network namespace (this file runs itself again under unshare -n). Before the
// fixes busybox udhcpc gets no lease and the counters show TX without RX; after the doctor's fixes
// through the real CLI the connect test gets the lease, pings the gateway and asks the session's
// DNS — and `udhcpc`, `ping -c1` and a lookup by hand agree. The connect test gives the lease's
// address back unless --keep, and explains a silent interface from its counters. Afterwards every
// interface, socat and process of the namespace must be gone.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.ts';
import { FIXED_A_RECORD } from '../../main/simulator/data/dns.ts';
import { lookupThrough } from '../../main/system/dns-lookup.ts';
import { parseLease } from '../../main/system/dhcp-client.ts';
import { readIpLink } from '../../main/system/kernel-counters.ts';
import { IN_PRIVATE_NETNS, runFileInPrivateNetns, skipUnlessPrivateNetns } from '../support/private-netns.ts';
import { BIN } from '../support/run-cli.ts';

interface Run { code: number | null; stdout: string; stderr: string }

const SBIN_PATH = `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/sbin:/sbin`;

function run(argv: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 60000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...env, PATH: SBIN_PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${argv.join(' ')} did not finish in ${timeoutMs} ms: ${stdout}${stderr}`)); }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

const cli = (args: string[], env: NodeJS.ProcessEnv): Promise<Run> => run([process.execPath, BIN, ...args], env);

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

async function interfaceGone(name: string): Promise<boolean> {
  try { await readIpLink(name); return false; } catch (e) { return (e as { code?: string }).code === 'not-found'; }
}

/** IPv4 addresses on an interface, as `ip -j addr` lists them ("10.23.154.198/30"). */
async function addressesOn(iface: string): Promise<string[]> {
  const out = await new Promise<string>((resolve, reject) => {
    execFile('ip', ['-j', 'addr', 'show', 'dev', iface], { env: { ...process.env, PATH: SBIN_PATH }, timeout: 5000, encoding: 'utf8' },
      (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
  const links = JSON.parse(out) as { addr_info?: { family: string; local: string; prefixlen: number }[] }[];
  return links.flatMap((l) => l.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`);
}

// udhcpc as the seed's user ran it (-i wwan0 -n -q), kept short (-t 2 -T 1), foreground, with a
// script that only prints the lease: Debian's default one would rewrite /etc/resolv.conf, which
// a namespace does not separate.
const PRINT_LEASE = ['#!/bin/sh', 'case "$1" in bound|renew)',
  '  for k in ip subnet router dns mtu lease serverid; do eval "echo MODEM_DOCTOR_LEASE_$k=\\$$k"; done ;;', 'esac', 'exit 0', ''].join('\n');

interface DataPathJson {
  iface: string; skipped?: string; ok: boolean; lease?: string;
  dhcp?: { ok: boolean; client: string; address?: string; prefixLength?: number; router?: string; dns?: string[]; mtu?: number; durationMs?: number };
  ping?: { ok: boolean; target: string; rttMs?: number };
  dns?: { ok: boolean; server: string; addresses?: string[] };
  counters?: { txPackets: number; rxPackets: number };
  silence?: { suggests: string; message: string };
}

interface World { sim: Simulator; dev: string[]; env: NodeJS.ProcessEnv; dir: string; script: string }

/** The seed EC25 with its data plane; afterwards its wwan0 and socat must be gone. */
async function withWorld(fn: (w: World) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-connect-dp-'));
  const script = path.join(dir, 'print-lease.sh');
  fs.writeFileSync(script, PRINT_LEASE, { mode: 0o700 });
  const sim = await startSimulator({ profile: 'ec25', scenario: 'seed', dir: path.join(dir, 'm'), driftMs: 0, latency: { qmi: 1, at: 1, data: 1 }, dataPlane: true });
  const socats = new Set<number>(sim.dataPlaneSocatPids);
  try {
    const dev = ['--qmi', sim.ports.qmi!, '--at', sim.ports.at[0]!, '--net', 'wwan0', '--sysfs-root', sim.sysfs.root];
    await fn({ sim, dev, env: { ...process.env, XDG_STATE_HOME: path.join(dir, 'state') }, dir, script });
    for (const p of sim.dataPlaneSocatPids) socats.add(p);
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(await interfaceGone('wwan0'), true, 'wwan0 is still there after the simulator stopped');
  assert.deepEqual([...socats].filter(alive), [], 'a socat is still running after the simulator stopped');
}

async function fixed(w: World, finding: string): Promise<void> {
  const r = await cli(['fix', finding, '--yes', '--json', ...w.dev], w.env);
  assert.equal(r.code, 0, `fix ${finding}: ${r.stdout}${r.stderr}`);
  assert.equal((JSON.parse(r.stdout) as { status: string }).status, 'applied');
}

async function connect(w: World, extra: string[] = []): Promise<{ code: number | null; out: { connected: boolean; message: string; dataPath?: DataPathJson } }> {
  const r = await cli(['connect', '--json', ...extra, ...w.dev], w.env);
  try {
    return { code: r.code, out: JSON.parse(r.stdout) as { connected: boolean; message: string; dataPath?: DataPathJson } };
  } catch {
    throw new Error(`connect gave no JSON (exit ${r.code}): ${r.stdout}${r.stderr}`);
  }
}

if (!IN_PRIVATE_NETNS) {
  test('connect on the virtual EC25\'s real wwan0 (the tests below, run under unshare -n); nothing left in the namespace afterwards',
    { skip: skipUnlessPrivateNetns(), timeout: 300000 }, async (t) => {
      const r = await runFileInPrivateNetns(import.meta.filename, 280000);
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /ℹ pass [1-9]/, r.output);
      assert.match(r.output, /ℹ fail 0/, r.output);
      assert.deepEqual(r.leftovers, [], 'processes left in the namespace');
      for (const line of r.output.split('\n').filter((l) => /^\s*ℹ measured/.test(l))) t.diagnostic(line.trim().replace(/^ℹ /, ''));
    });
} else {
  describe('connect on the data plane (inside a private network namespace)', () => {
    test('the seed on the wire: udhcpc -i wwan0 -n -q gets no lease, TX > 0 and RX = 0; after fix data-format-mismatch, autoconnect-holds-bearer, apn-missing and connect: '
      + 'the kernel\'s raw_ip written, lease 10.23.154.198/30, the gateway answers ping -c1, DNS through 10.4.21.25 answers, and the connect test\'s JSON says all three', (t) =>
      withWorld(async (w) => {
        const before = await readIpLink('wwan0');
        const seedDhcp = await run(['udhcpc', '-i', 'wwan0', '-n', '-q', '-f', '-t', '2', '-T', '1', '-s', w.script]);
        assert.equal(seedDhcp.code, 1, `udhcpc got something: ${seedDhcp.stdout}${seedDhcp.stderr}`);
        assert.match(seedDhcp.stdout + seedDhcp.stderr, /no lease/);
        const seedCounters = (await readIpLink('wwan0')).counters;
        assert.ok(seedCounters.txPackets > before.counters.txPackets, `TX ${seedCounters.txPackets}`);
        assert.equal(seedCounters.rxPackets, 0);

        await fixed(w, 'data-format-mismatch');
        assert.equal(fs.readFileSync(path.join(w.sim.sysfs.root, 'class', 'net', 'wwan0', 'qmi', 'raw_ip'), 'utf8').trim(), 'Y');
        await w.sim.dataPlaneSettled();
        assert.deepEqual(w.sim.dataInterface, { name: 'wwan0', kind: 'tun' }, 'the kernel side follows raw_ip');
        // The seed's third finding too: while the modem's autoconnect holds the bearer the
        // connect test cannot start a session of its own (it refuses, saying so).
        await fixed(w, 'autoconnect-holds-bearer');
        await fixed(w, 'apn-missing');

        const c = await connect(w);
        assert.equal(c.code, 0, JSON.stringify(c.out));
        const dp = c.out.dataPath;
        assert.equal(dp?.skipped, undefined, JSON.stringify(dp));
        assert.equal(dp?.ok, true, JSON.stringify(dp));
        assert.deepEqual({ address: dp.dhcp?.address, prefixLength: dp.dhcp?.prefixLength, router: dp.dhcp?.router, dns: dp.dhcp?.dns, mtu: dp.dhcp?.mtu },
          { address: '10.23.154.198', prefixLength: 30, router: '10.23.154.197', dns: ['10.4.21.25', '10.4.97.25'], mtu: 1500 });
        assert.match(dp.dhcp!.client, /^busybox udhcpc \d/);
        assert.deepEqual({ target: dp.ping?.target, ok: dp.ping?.ok }, { target: '10.23.154.197', ok: true });
        assert.deepEqual({ server: dp.dns?.server, ok: dp.dns?.ok, addresses: dp.dns?.addresses }, { server: '10.4.21.25', ok: true, addresses: [FIXED_A_RECORD] });
        assert.match(c.out.message, /Lease 10\.23\.154\.198\/30 on wwan0 from busybox udhcpc/);
        assert.match(c.out.message, /The gateway 10\.23\.154\.197 answered a ping in [\d.]+ ms/);
        // Without --keep the lease's address is given back and the session stopped.
        assert.equal(dp.lease, 'dropped');
        assert.deepEqual(await addressesOn('wwan0'), [], 'the lease\'s address is still on wwan0');
        assert.equal(w.sim.model.state.connection, null, 'the test session is still up');
        t.diagnostic(`measured: connect test lease in ${dp.dhcp?.durationMs} ms, gateway RTT ${dp.ping?.rttMs} ms`);

        // With --keep the session and the address stay; by hand, the user's tools agree.
        const kept = await connect(w, ['--keep']);
        assert.equal(kept.code, 0, JSON.stringify(kept.out));
        assert.equal(kept.out.dataPath?.lease, 'kept');
        assert.deepEqual(await addressesOn('wwan0'), ['10.23.154.198/30']);
        const dhcp = await run(['udhcpc', '-i', 'wwan0', '-n', '-q', '-f', '-t', '2', '-T', '1', '-s', w.script]);
        assert.equal(dhcp.code, 0, dhcp.stdout + dhcp.stderr);
        const lease = parseLease(dhcp.stdout);
        assert.equal(`${lease?.address}/${lease?.prefixLength}`, '10.23.154.198/30', dhcp.stdout);
        const ping = await run(['ping', '-n', '-c1', '-W', '2', '10.23.154.197']);
        assert.equal(ping.code, 0, ping.stdout + ping.stderr);
        assert.match(ping.stdout, /1 received/);
        const dns = await lookupThrough('10.4.21.25', 'example.org');
        assert.deepEqual(dns.ok && dns.addresses, [FIXED_A_RECORD], JSON.stringify(dns));
      }));

    test('a session up but the formats disagreeing: the connect test gets no lease and says from the counters that the modem drops what the kernel sends', () =>
      withWorld(async (w) => {
        // The APN and the autoconnect are fixed, the data format is not (kernel 802.3, modem raw-ip).
        await fixed(w, 'autoconnect-holds-bearer');
        await fixed(w, 'apn-missing');
        const c = await connect(w);
        assert.equal(c.code, 1, JSON.stringify(c.out));
        assert.equal(c.out.connected, true);
        const dp = c.out.dataPath!;
        assert.equal(dp.ok, false);
        assert.equal(dp.dhcp?.ok, false);
        assert.ok(dp.counters!.txPackets > 0, JSON.stringify(dp.counters));
        assert.equal(dp.counters!.rxPackets, 0);
        assert.equal(dp.silence?.suggests, 'data-format-mismatch');
        assert.match(c.out.message, /wwan0: TX \d+ packets?, RX 0: the modem is dropping what the kernel sends — data formats disagree/);
        assert.deepEqual(await addressesOn('wwan0'), []);
      }));
  });
}
