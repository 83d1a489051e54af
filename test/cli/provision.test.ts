// `modem-doctor provision` as a user runs it, against eight virtual seed EC25s (as
// `modem-doctor simulate --count 8 --scenario seed` makes them: seeds 1..8, fleet indexes 0..7),
// named by the JSON lines simulate prints (--targets): --plan shows each modem's changes, --apply
// without --yes off a terminal changes nothing, --apply --all --yes brings every one to the
// profile (a new diagnose of each has no error finding), a second --plan has nothing to change.
// The APN password comes from --secrets-stdin: it is in no argv, output or undo record.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.ts';
import { BIN } from '../support/run-cli.ts';
import { assertNoSecrets, knownSecretsOf } from '../support/secret-scan.ts';

interface Run { args: string[]; code: number | null; stdout: string; stderr: string }

const PASSWORD = 'Kx-90417-fleet';
const COUNT = 8;

let base: string;
let env: NodeJS.ProcessEnv;
let sims: Simulator[] = [];
let targets: string;
const runs: Run[] = [];

function cli(args: string[], input = '', timeoutMs = 180000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const r: Run = { args, code: null, stdout: '', stderr: '' };
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`modem-doctor ${args.join(' ')} did not finish in ${timeoutMs} ms: ${r.stdout}${r.stderr}`)); }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => { r.stdout += d; });
    child.stderr.on('data', (d: Buffer) => { r.stderr += d; });
    child.on('close', (code) => { clearTimeout(timer); r.code = code; runs.push(r); resolve(r); });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

function writeProfile(name: string, doc: unknown): string {
  const file = path.join(base, name);
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

const PROFILE = { version: 1, name: 'kiosk fleet', apn: { name: 'internet.it', pdpType: 'ipv4v6', auth: 'pap', username: 'kiosk' }, dataFormat: 'raw-ip', autoconnect: false, usbComposition: 'qmi' };

before(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'md-prov-cli-'));
  env = { ...process.env, XDG_STATE_HOME: path.join(base, 'state') };
  for (let i = 0; i < COUNT; i++) {
    sims.push(await startSimulator({ profile: 'ec25', scenario: 'seed', dir: path.join(base, `modem-${i}`), seed: i + 1, index: i, driftMs: 0, latency: { qmi: 1, at: 1 } }));
  }
  targets = path.join(base, 'fleet.jsonl');
  fs.writeFileSync(targets, sims.map((s) => JSON.stringify(s.toJSON())).join('\n') + '\n');
});

after(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  sims = [];
  fs.rmSync(base, { recursive: true, force: true });
});

interface PlanJson { modems: { label: string; steps: { key: string; fix: string; changes?: { what: string; from: string; to: string }[]; secrets?: string[] }[] }[] }

test('provision on eight seed EC25s: plan, refused without --yes, applied to all with the password once, every modem then healthy, a second plan empty; no secret anywhere', { timeout: 600000 }, async (t) => {
  const profile = writeProfile('kiosk.json', PROFILE);

  const plan = await cli(['provision', profile, '--plan', '--json', '--targets', targets]);
  assert.equal(plan.code, 1, `changes pending: exit 1\n${plan.stderr}`);
  const planned = JSON.parse(plan.stdout) as PlanJson;
  assert.equal(planned.modems.length, COUNT);
  for (const m of planned.modems) {
    assert.deepEqual(m.steps.map((s) => s.key), ['autoconnect', 'dataFormat', 'apn'], m.label);
    const apn = m.steps[2]!;
    assert.deepEqual(apn.changes?.map((c) => `${c.what}: ${c.from} → ${c.to}`), [
      'APN of profile 1: (none) → internet.it', 'IP type of profile 1: ipv4 → ipv4v6', 'user name of profile 1: (none) → kiosk',
      'authentication of profile 1: none → pap', 'password of profile 1: (none) → (the one you enter)',
    ]);
    assert.deepEqual(apn.secrets, ['apn-password']);
  }
  const human = await cli(['provision', profile, '--plan', '--targets', targets]);
  assert.match(human.stdout, /~ data format \(modem WDA \/ kernel raw_ip\) \(fix align-data-format\):\n\s+qmi_wwan raw_ip on wwan\d: 802\.3 \(raw_ip=N\) → raw-ip \(raw_ip=Y\)/);
  assert.match(human.stdout, /Plan: 24 settings to change on 8 of 8 modems\./);

  // Not on a terminal and no --yes: the plan is shown, nothing changes.
  const refused = await cli(['provision', profile, '--apply', '--targets', targets]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /--yes/);
  assert.ok(sims.every((s) => s.model.state.profiles[0]!.apn === '' && s.model.state.autoconnect === 'enabled'), 'nothing changed');

  const started = performance.now();
  const applied = await cli(['provision', profile, '--apply', '--all', '--yes', '--secrets-stdin', '--targets', targets], `${PASSWORD}\n`);
  const ms = Math.round(performance.now() - started);
  t.diagnostic(`provision --apply on ${COUNT} virtual EC25s: ${ms} ms wall (plan, apply, verify)`);
  assert.equal(applied.code, 0, applied.stdout + applied.stderr);
  assert.match(applied.stdout, /MODEM\s+RESULT\s+CHANGED\s+STATE AFTER/);
  assert.equal(applied.stdout.match(/ changed +autoconnect, dataFormat, apn +ok$/gm)?.length, COUNT, applied.stdout);
  assert.match(applied.stdout, /Undo records: 24/);
  for (const s of sims) {
    const p = s.model.state.profiles[0]!;
    assert.deepEqual([p.apn, p.pdpType, p.username, p.auth, p.password], ['internet.it', 'ipv4v6', 'kiosk', 1, PASSWORD]);
    assert.equal(s.model.state.autoconnect, 'disabled');
    assert.equal(s.model.state.dataFormat.kernelRawIp, true);
  }

  // A new diagnose of each: no error finding.
  const diags = await Promise.all(sims.map((s) => cli(['diagnose', '--json', '--qmi', s.ports.qmi!, ...s.ports.at.flatMap((a) => ['--at', a]), '--net', s.net ?? 'wwan0', '--sysfs-root', s.sysfs.root])));
  for (const d of diags) {
    const errors = (JSON.parse(d.stdout) as { findings: { id: string; severity: string }[] }).findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors, [], d.stdout);
    assert.equal(d.code, 0);
  }

  const second = await cli(['provision', profile, '--plan', '--all', '--targets', targets]);
  assert.equal(second.code, 0, second.stdout + second.stderr);
  assert.match(second.stdout, /No changes: all 8 modems match the profile\./);
  const again = await cli(['provision', profile, '--apply', '--yes', '--targets', targets]);
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.equal(again.stdout.match(/ unchanged +- +ok$/gm)?.length, COUNT, again.stdout);

  // The password: in no argument list, no output, no undo record.
  for (const r of runs) assert.ok(!r.args.join(' ').includes(PASSWORD));
  const undoDir = path.join(base, 'state', 'modem-doctor', 'undo');
  const records = fs.readdirSync(undoDir).filter((f) => f.endsWith('.json'));
  assert.equal(records.length, 24);
  for (const s of sims) {
    const known = knownSecretsOf(s.model.state);
    assert.deepEqual(known.password, [PASSWORD]);
    runs.forEach((r, i) => assertNoSecrets(r.stdout + r.stderr, known, `output of command ${i + 1} (${r.args.slice(0, 3).join(' ')})`));
    for (const f of records) assertNoSecrets(fs.readFileSync(path.join(undoDir, f), 'utf8'), known, `undo record ${f}`);
  }
});

test('provision refuses a profile with a password in it, names every problem, and changes nothing; --plan with --apply is a usage error', async () => {
  const bad = writeProfile('bad.json', { version: 1, apn: { name: 'internet.it', username: 'u', password: 'Zz-3318' }, dataFormat: 'ethernet' });
  const r = await cli(['provision', bad, '--plan', '--targets', targets]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /apn\.password: secrets never go in a profile/);
  assert.match(r.stderr, /dataFormat: one of raw-ip, 802-3/);
  assert.ok(!(r.stdout + r.stderr).includes('Zz-3318'));
  const both = await cli(['provision', bad, '--plan', '--apply']);
  assert.equal(both.code, 2);
  const help = await cli(['provision', '--help']);
  assert.equal(help.code, 0);
  for (const o of ['--plan', '--apply', '--all', '--targets', '--secrets-stdin', '--device', 'Example']) assert.ok(help.stdout.includes(o), o);
});
