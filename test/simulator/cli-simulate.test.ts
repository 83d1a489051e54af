// `modem-doctor simulate` as a user runs it: one JSON line, a port that answers, a clean exit.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { validNames } from '../../main/simulator/simulator.ts';
import { PtyClient } from './pty-client.ts';
import { runProgram } from './support.ts';
import { openQmiPort } from '../../main/system/open-qmi.ts';
import { DMS } from '../../main/qmi/services/index.ts';

const NODE = path.resolve('node_modules/.bin/node');
const BIN = path.resolve('bin/modem-doctor.mjs');

function startCli(args: string[]): { child: ReturnType<typeof spawn>; lines: Promise<string[]>; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(NODE, [BIN, 'simulate', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const count = Number(args[args.indexOf('--count') + 1] ?? 1) || 1;
  const lines = new Promise<string[]>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no JSON lines within 15 s: ${err}`)), 15000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const l = out.split('\n').filter(Boolean);
      if (l.length >= count) { clearTimeout(t); resolve(l); }
    });
    child.once('exit', () => { clearTimeout(t); resolve(out.split('\n').filter(Boolean)); });
  });
  return { child, lines, exit, stderr: () => err };
}

test('simulate --profile ec25 --scenario seed: JSON line, an answering port, SIGTERM exits 0 and cleans up', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-'));
  const cli = startCli(['--profile', 'ec25', '--scenario', 'seed', '--dir', dir, '--latency-at', '1']);
  try {
    const [line] = await cli.lines;
    const info = JSON.parse(line!) as { profile: string; scenario: string; ports: { qmi: string; at: string[]; nmea: string; diag: string }; umockdev: string };
    assert.equal(info.profile, 'ec25');
    assert.equal(info.scenario, 'seed');
    assert.equal(info.ports.at.length, 2);
    assert.ok(fs.existsSync(info.umockdev));
    const at = new PtyClient(info.ports.at[0]!);
    assert.match(await at.at('AT+CGSN'), /867698041234567/);
    at.close();
    // The line carries what it takes to run a program against the modem under umockdev.
    const extra = JSON.parse(line!) as { umockdevLinks: Record<string, string>; umockdevArgv: string[] };
    assert.equal(extra.umockdevLinks.ttyUSB2, fs.readlinkSync(info.ports.at[0]!));
    const r = await runProgram([...extra.umockdevArgv, 'sh', '-c', 'cat /sys/bus/usb/devices/1-1/idVendor; echo; readlink "$UMOCKDEV_DIR/dev/ttyUSB2"']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['2c7c', extra.umockdevLinks.ttyUSB2]);
    cli.child.kill('SIGTERM');
    assert.equal(await cli.exit, 0);
    for (const p of [info.ports.qmi, ...info.ports.at, info.ports.nmea, info.ports.diag, info.umockdev]) {
      assert.equal(fs.existsSync(p), false, `${p} removed`);
    }
    assert.deepEqual(fs.readdirSync(dir), []);
  } finally {
    if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('simulate --count 2 runs two independent modems, each with its own IMEI, ICCID, IMSI, USB serial and port', async () => {
  const cli = startCli(['--profile', 'sim7600', '--scenario', 'healthy', '--count', '2', '--latency-at', '1']);
  try {
    const lines = (await cli.lines).map((l) => JSON.parse(l) as { ports: { qmi: string; at: string[] }; umockdev: string });
    assert.equal(lines.length, 2);
    assert.notEqual(lines[0]!.ports.qmi, lines[1]!.ports.qmi);
    const seen = [];
    for (const info of lines) {
      const at = new PtyClient(info.ports.at[0]!);
      const reply = await at.at('ATE0;+CGSN;+CICCID;+CIMI');
      at.close();
      const desc = fs.readFileSync(info.umockdev, 'utf8');
      seen.push({
        imei: /\r\n(\d{15})\r\n/.exec(reply)?.[1], iccid: /\+ICCID: (\d+)/.exec(reply)?.[1], imsi: /\r\n(222\d{12})\r\n/.exec(reply)?.[1],
        serial: /^A: serial=(.*)$/m.exec(desc)?.[1], usb: /^P: (.*\/usb1\/[^/]+)$/m.exec(desc)?.[1],
      });
    }
    for (const key of ['imei', 'iccid', 'imsi', 'serial', 'usb'] as const) {
      assert.ok(seen[0]![key] && seen[1]![key], `${key} read: ${JSON.stringify(seen)}`);
      assert.notEqual(seen[0]![key], seen[1]![key], key);
    }
    assert.equal(seen[0]!.imei, '862636051234567', 'modem 0 keeps the documented IMEI');
    cli.child.kill('SIGINT');
    assert.equal(await cli.exit, 0);
    assert.equal(fs.existsSync(path.dirname(path.dirname(lines[0]!.ports.qmi))), false, 'its own temp dir is gone');
  } finally {
    if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
  }
});

// The unplug scenario pulls the device 5 s after start; the command must go on serving (as a
// host with its modem gone) until it is told to stop, then clean up.
test('simulate --scenario unplug keeps serving after the ports vanish, until SIGTERM: exit 0, nothing left', async () => {
  const cli = startCli(['--profile', 'ec25', '--scenario', 'unplug']);
  try {
    const [line] = await cli.lines;
    const info = JSON.parse(line!) as { ports: { at: string[] }; umockdev: string };
    const port = info.ports.at[0]!;
    const exited = cli.exit.then(() => true);
    const gone = async (): Promise<boolean> => {
      for (let i = 0; i < 200 && fs.existsSync(port); i++) await new Promise((r) => setTimeout(r, 50));
      return !fs.existsSync(port);
    };
    assert.equal(await gone(), true, 'the scenario unplugged the ports');
    const exitedEarly = await Promise.race([exited, new Promise<false>((r) => setTimeout(() => r(false), 1500))]);
    assert.equal(exitedEarly, false, `simulate exited by itself: ${cli.stderr()}`);
    cli.child.kill('SIGTERM');
    assert.equal(await cli.exit, 0);
    assert.equal(fs.existsSync(path.dirname(path.dirname(info.umockdev))), false, 'its own temp dir is gone');
  } finally {
    if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
  }
});

test('unknown profile or scenario: exit 2 and the valid names', async () => {
  for (const args of [['--profile', 'nokia'], ['--scenario', 'on-fire']]) {
    const cli = startCli(args);
    assert.equal(await cli.exit, 2);
    assert.match(cli.stderr(), /valid (profiles: ec25, mc7455, sim7600|scenarios: healthy, seed)/);
  }
});

test('simulate reports the client ids programs hold: in its first line, and again on SIGUSR1', async () => {
  const child = spawn(NODE, [BIN, 'simulate', '--profile', 'ec25', '--scenario', 'healthy'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const line = async (n: number): Promise<{ ports: { qmi: string }; clientIds: Record<string, number[]> }> => {
    const end = Date.now() + 15000;
    while (out.split('\n').filter(Boolean).length < n) {
      if (Date.now() > end || child.exitCode !== null) throw new Error(`no status line ${n}: ${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return JSON.parse(out.split('\n').filter(Boolean)[n - 1]!) as { ports: { qmi: string }; clientIds: Record<string, number[]> };
  };
  try {
    const first = await line(1);
    assert.deepEqual(first.clientIds, {});
    const c = await openQmiPort({ device: first.ports.qmi, releaseOnSignals: false });
    await c.request(DMS, DMS.messages.getIds);
    child.kill('SIGUSR1');
    assert.deepEqual((await line(2)).clientIds, { DMS: [c.clientIds.get(DMS.id)!] });
    await c.close();
    child.kill('SIGUSR1');
    assert.deepEqual((await line(3)).clientIds, {}, 'released on close');
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('simulate --help: every option, each profile and scenario with its description from the declarations, an example', async () => {
  const cli = startCli(['--help']);
  assert.equal(await cli.exit, 0);
  const text = (await cli.lines).join('\n');
  for (const opt of ['--profile', '--scenario', '--count', '--latency-qmi', '--latency-at', '--latency-data', '--data-plane', '--dir', '--help']) assert.match(text, new RegExp(`^  (-h, )?${opt} `, 'm'), opt);
  for (const { name, description } of [...validNames().profiles, ...validNames().scenarios]) {
    assert.match(text, new RegExp(`^  ${name} +${description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'), name);
  }
  assert.match(text, /mc7455 +Sierra Wireless MC7455 \(1199:9071\), raw-ip only/);
  assert.match(text, /^Examples:\n {2}modem-doctor simulate --profile \S+ --scenario \S+/m);
  assert.match(text, /^ {2}sudo unshare -n modem-doctor simulate --scenario seed --data-plane$/m);
});
