// `modem-doctor diagnose` as a user runs it: the real launcher against `modem-doctor simulate`
// (both child processes), its ports and sysfs tree taken from simulate's JSON line.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../support/run-cli.ts';

const NODE = path.resolve('node_modules/.bin/node');
const BIN = path.resolve('bin/modem-doctor.mjs');

interface SimLine { ports: { qmi: string | null; at: string[] }; sysfsRoot: string; net: string | null; scenario: string }

/** `modem-doctor simulate` in the background until stopped; its first JSON line. */
function simulate(args: string[]): { line: Promise<SimLine>; stop: () => Promise<void> } {
  const child = spawn(NODE, [BIN, 'simulate', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const line = new Promise<SimLine>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`simulate printed nothing within 30 s: ${err}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const first = out.split('\n')[0];
      if (out.includes('\n') && first) { clearTimeout(t); resolve(JSON.parse(first) as SimLine); }
    });
  });
  return { line, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

function portArgs(s: SimLine): string[] {
  return [...(s.ports.qmi ? ['--qmi', s.ports.qmi] : []), ...s.ports.at.flatMap((a) => ['--at', a]),
    ...(s.net ? ['--net', s.net] : []), '--sysfs-root', s.sysfsRoot];
}

test('diagnose --help: the options, the exit codes and an example', async () => {
  const r = await runCli(['diagnose', '--help']);
  assert.equal(r.code, 0);
  for (const o of ['--device', '--qmi', '--at', '--net', '--sysfs-root', '--proxy', '--json', 'Exit codes', 'Example']) assert.ok(r.stdout.includes(o), o);
});

test('diagnose with the modem named twice, or an unknown option, is a usage error (2)', async () => {
  for (const args of [['--device', '1-1', '--qmi', '/dev/cdc-wdm0'], ['--bogus'], ['--net', 'wwan0']]) {
    const r = await runCli(['diagnose', ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /Usage: modem-doctor diagnose/);
  }
});

test('diagnose of ports that do not exist says so and exits 2', async () => {
  const r = await runCli(['diagnose', '--qmi', '/nonexistent/cdc-wdm9', '--at', '/nonexistent/ttyUSB9']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /none of the ports exist/);
});

describe('diagnose of the virtual EC25 in the seed scenario', () => {
  const sim = simulate(['--profile', 'ec25', '--scenario', 'seed']);
  let s: SimLine;
  before(async () => { s = await sim.line; });
  after(() => sim.stop());

  test('--json: data-format-mismatch, apn-missing, autoconnect-holds-bearer, with their facts; identities masked', async () => {
    const r = await runCli(['diagnose', '--json', ...portArgs(s)], undefined, 60_000);
    assert.equal(r.code, 1, `an error finding exits 1: ${r.stderr}`);
    const doc = JSON.parse(r.stdout) as { modems: unknown[]; findings: { id: string }[]; facts: Record<string, { value: Record<string, unknown> }> };
    assert.equal(doc.modems.length, 1);
    assert.deepEqual([doc.facts.dataFormat?.value.modem, doc.facts.dataFormat?.value.kernel], ['raw-ip', '802-3']);
    assert.deepEqual(doc.facts.autoconnect?.value, { setting: 'enabled', bearerHeld: true });
    assert.equal((doc.facts.profiles?.value.profiles as { apn: string }[])[0]?.apn, '');
    assert.deepEqual(doc.findings.map((f) => f.id).sort(), ['apn-missing', 'autoconnect-holds-bearer', 'data-format-mismatch']);
    for (const f of doc.findings as unknown as Record<string, unknown>[]) {
      assert.deepEqual(Object.keys(f).filter((k) => ['id', 'severity', 'title', 'explanation', 'evidence', 'fixes'].includes(k)).length, 6, JSON.stringify(f));
    }
    // The documented identities of the virtual EC25: never printed unmasked.
    for (const id of ['867698041234567', '222880123456789', '89398800001234567890']) assert.ok(!r.stdout.includes(id), `${id} masked`);
    assert.match(String(doc.facts.device?.value.imei), /^\d{5}\*+\d{2}$/);
  });

  test('without --json: a summary for people, no colour when not on a terminal', async () => {
    const r = await runCli(['diagnose', ...portArgs(s)], undefined, 60_000);
    assert.equal(r.code, 1, r.stderr);
    const text = r.stdout.replace(/\s+/g, ' ');
    assert.match(text, /data format: modem raw-ip, kernel 802-3 \(wwan0\)/);
    assert.match(text, /autoconnect enabled, bearer up/);
    for (const id of ['data-format-mismatch', 'apn-missing', 'autoconnect-holds-bearer']) assert.match(text, new RegExp(`(error|warning) ${id} `));
    assert.match(text, /fix: modem-doctor fix data-format-mismatch/);
    assert.ok(!r.stdout.includes('\x1b['), 'no escape sequences in a pipe');
  });
});
