// The seed's first wall, against a real ModemManager: MM holds the virtual EC25 (`list` shows it from D-Bus and
// /proc), a direct QMI request is refused naming ModemManager and the ways out, qmi-proxy
// reads alongside MM and exits, `free --inhibit` frees every port within a second so that direct
// QMI and AT work, and Ctrl-C gives the modem back (MM lists it again).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { test } from 'node:test';
import { deviceHolders } from '../../main/system/device-holders.ts';
import { modemManagerStatus } from '../../main/system/modemmanager.ts';
import { skipUnlessModemManagerWorld, startModemManagerWorld, type ModemManagerWorld } from '../support/modemmanager-harness.ts';
import { BIN } from '../support/run-cli.ts';

const skip = skipUnlessModemManagerWorld();

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs the real CLI (optionally inside the world's network namespace) to its end, within timeoutMs. */
function cli(world: ModemManagerWorld, args: string[], opts: { inNamespace?: boolean; timeoutMs?: number } = {}): Promise<Run> {
  const argv = [process.execPath, BIN, ...args];
  const full = opts.inNamespace ? world.inNamespace(argv) : argv;
  return new Promise((resolve, reject) => {
    const child = spawn(full[0]!, full.slice(1), { env: world.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`modem-doctor ${args.join(' ')} did not exit within ${opts.timeoutMs ?? 20000} ms`)); }, opts.timeoutMs ?? 20000);
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** The ports (as /dev/pts/N) that process `pid` has open now: a quick look at one process's fds. */
function portsHeldBy(pid: number, pts: Set<string>): string[] {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).map((fd) => { try { return fs.readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { return ''; } })
      .filter((l) => pts.has(l));
  } catch {
    return []; // exited
  }
}

async function holdersOf(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) for (const h of await deviceHolders(p)) out.push(`${p.split('/').pop()}: ${h.command} ${h.pid}`);
  return out;
}

test('ModemManager holds the EC25; direct QMI is refused naming it; qmi --proxy shares it; free --inhibit frees it, Ctrl-C gives it back',
  { skip, timeout: 120000 }, async (t) => {
    const world = await startModemManagerWorld({ profile: 'ec25' });
    try {
      const sim = world.sim;
      const imei = sim.model.state.identity.imei;
      const modem = await world.waitForModem();
      t.diagnostic(`ModemManager listed the modem ${world.firstProbeMs} ms after it started`);
      const ports = Object.values(sim.ports.nodes);

      // D-Bus: MM has the modem and claims its ports; /proc: MM holds the AT port, its qmi-proxy the QMI port.
      const status = await modemManagerStatus({ busAddress: world.busAddress });
      assert.equal(status.running, true);
      assert.equal(status.version, (await world.mmcli(['--version'])).stdout.match(/mmcli (\S+)/)?.[1]);
      assert.deepEqual(status.modems.map((m) => m.device), [modem.device]);
      assert.ok(modem.ports.some((p) => p.name === 'cdc-wdm0' && p.type === 'qmi'), JSON.stringify(modem.ports));
      assert.ok(modem.ports.some((p) => p.name === 'ttyUSB2' && p.type === 'at'), JSON.stringify(modem.ports));
      const held = await holdersOf(ports);
      const holderPids = [...new Set(held.map((h) => Number(h.split(' ').pop())))];
      const pts = new Set(Object.values(sim.ports.nodes).map((p) => fs.readlinkSync(p)));
      assert.ok(held.some((h) => /^cdc-wdm0: qmi-proxy /.test(h)), held.join('; '));
      assert.ok(held.some((h) => /^ttyUSB\d: ModemManager /.test(h)), held.join('; '));

      // `list` (run where the modem is: under umockdev-run with the simulator's description) shows
      // ModemManager's claim from D-Bus and the holders from /proc.
      const listed = await new Promise<Run>((resolve) => {
        const argv = sim.umockdevArgv([process.execPath, BIN, 'list', '--json']);
        const child = spawn(argv[0]!, argv.slice(1), { env: world.env, stdio: ['ignore', 'pipe', 'pipe'] });
        let o = '';
        let e = '';
        const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
        child.stdout.on('data', (d: Buffer) => { o += d; });
        child.stderr.on('data', (d: Buffer) => { e += d; });
        child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout: o, stderr: e }); });
      });
      assert.equal(listed.code, 0, listed.stdout + listed.stderr);
      const inv = JSON.parse(listed.stdout) as { modemManager?: { running: boolean }; modems: {
        modemManager?: { objectPath: string }; problems: { id: string }[];
        ports: { name: string; owners: { command: string }[]; modemManager?: { type: string } }[] }[] };
      assert.equal(inv.modemManager?.running, true);
      const listedModem = inv.modems[0]!;
      assert.equal(listedModem.modemManager?.objectPath, modem.path);
      const port = (n: string) => listedModem.ports.find((p) => p.name === n);
      assert.equal(port('cdc-wdm0')?.modemManager?.type, 'qmi');
      assert.equal(port('ttyUSB2')?.modemManager?.type, 'at');
      assert.ok(port('cdc-wdm0')?.owners.some((o) => o.command === 'qmi-proxy'), JSON.stringify(port('cdc-wdm0')));
      assert.ok(listedModem.ports.some((p) => p.owners.some((o) => o.command === 'ModemManager')), JSON.stringify(listedModem.ports));
      assert.ok(listedModem.problems.some((p) => p.id === 'claimed-by-modemmanager'));

      // A direct QMI request is refused, naming ModemManager and the ways out.
      const direct = await cli(world, ['qmi', '--device', sim.ports.qmi!, 'dms', 'get-ids']);
      assert.notEqual(direct.code, 0);
      const said = direct.stdout + direct.stderr;
      assert.match(said, /ModemManager/);
      assert.match(said, /free \S+ --inhibit/);
      assert.match(said, /--proxy/);

      // The gentlest way: through MM's own qmi-proxy (in MM's network namespace, as on a real system), and it exits.
      const proxied = await cli(world, ['qmi', '--proxy', '--device', '/dev/cdc-wdm0', 'dms', 'get-ids'], { inNamespace: true });
      assert.equal(proxied.code, 0, proxied.stdout + proxied.stderr);
      assert.match(proxied.stdout, new RegExp(imei));

      // A user polkit does not allow is told so in words, with the other ways (MM asks polkit; root is always allowed).
      const asNobody = await new Promise<Run>((resolve) => {
        const child = spawn('runuser', ['-u', 'nobody', '--', process.execPath, BIN, 'free', 'cdc-wdm0', '--inhibit'], { env: world.env, stdio: ['ignore', 'pipe', 'pipe'] });
        let o = '';
        let e = '';
        const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
        child.stdout.on('data', (d: Buffer) => { o += d; });
        child.stderr.on('data', (d: Buffer) => { e += d; });
        child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout: o, stderr: e }); });
      });
      assert.equal(asNobody.code, 1, asNobody.stdout + asNobody.stderr);
      assert.match(asNobody.stderr, /ModemManager refused to inhibit .*not allowed/);
      assert.match(asNobody.stderr, /Other ways:[^]*--proxy[^]*--stop[^]*--ignore/);
      assert.equal((await modemManagerStatus({ busAddress: world.busAddress })).modems.length, 1, 'the refused inhibit changed nothing');

      // free --inhibit: every port let go within a second.
      const free = spawn(process.execPath, [BIN, 'free', 'cdc-wdm0', '--inhibit'], { env: world.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      free.stdout.on('data', (d: Buffer) => { out += d; });
      free.stderr.on('data', (d: Buffer) => { out += d; });
      const exited = new Promise<number | null>((r) => free.on('close', (c) => r(c)));
      try {
        const spawnedAt = Date.now();
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`free --inhibit never said it holds the modem: ${out}`)), 15000);
          const check = (): void => { if (out.includes('Press Ctrl-C')) { clearTimeout(timer); resolve(); } };
          free.stdout.on('data', check);
          void exited.then((c) => { clearTimeout(timer); reject(new Error(`free --inhibit exited ${c}: ${out}`)); });
        });
        const inhibitedAt = Date.now();
        // Timed on the processes that held the ports (a whole /proc scan is slower than what it measures)...
        const stillHeld = (): string[] => holderPids.flatMap((pid) => portsHeldBy(pid, pts).map((p) => `${pid}: ${p}`));
        let left = stillHeld();
        while (left.length > 0 && Date.now() - inhibitedAt < 3000) {
          await new Promise((r) => setTimeout(r, 10));
          left = stillHeld();
        }
        const freeMs = Date.now() - inhibitedAt;
        t.diagnostic(`free --inhibit: "${out.split('\n')[0]}"; ${inhibitedAt - spawnedAt} ms from starting the command to "Press Ctrl-C"; ports let go by their holders ${freeMs} ms after that`);
        assert.deepEqual(left, [], 'the former holders let go of every port');
        assert.ok(freeMs <= 1000, `every port free within a second (took ${freeMs} ms)`);
        // ...then the whole of /proc confirms nobody else took one.
        assert.deepEqual(await holdersOf(ports), [], 'nobody holds a port any more');
        assert.match(out, /Ctrl-C/);
        assert.equal((await modemManagerStatus({ busAddress: world.busAddress })).modems.length, 0, 'MM lists no modem while inhibited');

        // Direct QMI and AT now work.
        const qmi = await cli(world, ['qmi', '--device', sim.ports.qmi!, 'dms', 'get-ids']);
        assert.equal(qmi.code, 0, qmi.stdout + qmi.stderr);
        assert.match(qmi.stdout, new RegExp(imei));
        const at = await cli(world, ['at', '--port', sim.ports.at[0]!, 'AT+CGSN']);
        assert.equal(at.code, 0, at.stdout + at.stderr);
        assert.match(at.stdout, new RegExp(imei));

        // Ctrl-C gives the modem back; MM probes it again.
        const givenAt = Date.now();
        free.kill('SIGINT');
        assert.equal(await exited, 0, out);
        assert.match(out, /Given back/);
        const again = await world.waitForModem(30000);
        t.diagnostic(`given back: ModemManager listed the modem again ${Date.now() - givenAt} ms after Ctrl-C`);
        assert.equal(again.device, modem.device);
        assert.equal(again.equipmentId, imei);
      } finally {
        if (free.exitCode === null && free.signalCode === null) { free.kill('SIGKILL'); await exited; }
      }
    } catch (e) {
      t.diagnostic(world.log().slice(-3000));
      throw e;
    } finally {
      assert.deepEqual(await world.close(), [], 'every process of the world ended');
    }
  });
