// fix, undo and connect as a user runs them, against a virtual modem: the seed story end to end
// (three fixes with --yes, a new diagnosis without errors, a connect test with a 10.x address and
// MTU 1500), undo of each from later processes back to the exact state, consent and secrets.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.ts';
import { BIN } from '../support/run-cli.ts';
import { assertNoSecrets, knownSecretsOf } from '../support/secret-scan.ts';

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], env: NodeJS.ProcessEnv, input = '', timeoutMs = 60000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`modem-doctor ${args.join(' ')} did not finish in ${timeoutMs} ms: ${stdout}${stderr}`)); }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

async function withCliSim(profile: string, scenario: string, fn: (sim: Simulator, dev: string[], env: NodeJS.ProcessEnv, stateDir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-cli-'));
  const sim = await startSimulator({ profile, scenario, dir: path.join(dir, 'm'), driftMs: 0, latency: { qmi: 1, at: 1 } });
  const stateDir = path.join(dir, 'state');
  try {
    const dev = ['--qmi', sim.ports.qmi!, '--at', sim.ports.at[0]!, '--net', sim.net ?? 'wwan0', '--sysfs-root', sim.sysfs.root];
    await fn(sim, dev, { ...process.env, XDG_STATE_HOME: stateDir }, stateDir);
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const strip = (s: Simulator) => { const { signal: _a, stats: _b, ...rest } = structuredClone(s.model.state); return rest; };

/** Every output and undo record of a test: none may hold a secret or an unmasked identity. */
function scanAll(sim: Simulator, outputs: Run[], stateDir: string): void {
  const known = knownSecretsOf(sim.model.state);
  outputs.forEach((r, i) => assertNoSecrets(r.stdout + r.stderr, known, `output of command ${i + 1}`));
  const dir = path.join(stateDir, 'modem-doctor', 'undo');
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.json')) : []) {
    assertNoSecrets(fs.readFileSync(path.join(dir, f), 'utf8'), known, `undo record ${f}`);
  }
}

test('the seed story on the command line: three fixes with --yes, no error left, connect gets 10.x with MTU 1500; undo of each from later processes restores the modem exactly', { timeout: 240000 }, async () => {
  await withCliSim('ec25', 'seed', async (sim, dev, env, stateDir) => {
    // Distinctive secrets, so a leak cannot hide among other digits.
    sim.model.state.sim.pin = '7395';
    sim.model.state.sim.puk = '80417263';
    const outputs: Run[] = [];
    const before = strip(sim);
    const first = await cli(['diagnose', '--json', ...dev], env);
    outputs.push(first);
    const ids = (JSON.parse(first.stdout) as { findings: { id: string }[] }).findings.map((f) => f.id).sort();
    assert.deepEqual(ids, ['apn-missing', 'autoconnect-holds-bearer', 'data-format-mismatch'], first.stderr);
    const actions: string[] = [];
    for (const finding of ['data-format-mismatch', 'autoconnect-holds-bearer', 'apn-missing']) {
      const r = await cli(['fix', finding, '--yes', '--json', ...dev], env);
      outputs.push(r);
      assert.equal(r.code, 0, `fix ${finding}: ${r.stdout}${r.stderr}`);
      const out = JSON.parse(r.stdout) as { status: string; undo?: { actionId: string }; recheck?: { resolved: boolean } };
      assert.equal(out.status, 'applied');
      assert.equal(out.recheck?.resolved, true);
      actions.push(out.undo!.actionId);
    }
    const after = await cli(['diagnose', '--json', ...dev], env);
    const left = (JSON.parse(after.stdout) as { findings: { id: string; severity: string }[] }).findings.filter((f) => f.severity === 'error');
    assert.deepEqual(left, [], after.stdout);
    const conn = await cli(['connect', '--json', ...dev], env);
    assert.equal(conn.code, 0, conn.stdout + conn.stderr);
    const c = JSON.parse(conn.stdout) as { connected: boolean; settings: { ipv4: string; mtu: number } };
    assert.match(c.settings.ipv4, /^10\./);
    assert.equal(c.settings.mtu, 1500);

    const listed = await cli(['undo', '--list'], env);
    outputs.push(after, conn, listed);
    for (const a of actions) assert.match(listed.stdout, new RegExp(a));
    // Newest first, each from its own process.
    for (const a of [...actions].reverse()) {
      const u = await cli(['undo', a, ...dev], env);
      outputs.push(u);
      assert.equal(u.code, 0, `undo ${a}: ${u.stdout}${u.stderr}`);
    }
    // The autoconnect bearer comes back on its own time; the kernel side follows its file.
    for (let i = 0; i < 100 && JSON.stringify(strip(sim)) !== JSON.stringify(before); i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(strip(sim), before);
    assert.match((await cli(['undo'], env)).stdout, /Nothing to undo/);
    scanAll(sim, outputs, stateDir);
  });
});

test('without --yes and without a terminal: the plan is shown, nothing changes, and the message says to add --yes', async () => {
  await withCliSim('ec25', 'radio-off', async (sim, dev, env, stateDir) => {
    const r = await cli(['fix', 'radio-off', ...dev], env);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /operating mode: low-power → online/);
    assert.match(r.stderr, /--yes/);
    assert.equal(sim.model.state.operatingMode, 'low-power');
    assert.ok(!fs.existsSync(path.join(stateDir, 'modem-doctor', 'undo')) || fs.readdirSync(path.join(stateDir, 'modem-doctor', 'undo')).every((f) => !f.endsWith('.json')));
  });
});

test('the PIN from --secrets-stdin unlocks the SIM, and it is in no output and no undo record; without it the command says how to give it', async () => {
  await withCliSim('ec25', 'sim-pin', async (sim, dev, env, stateDir) => {
    sim.model.state.sim.pin = '7395';
    const none = await cli(['fix', 'sim-pin-required', '--yes', ...dev], env);
    assert.equal(none.code, 1);
    assert.match(none.stdout + none.stderr, /--secrets-stdin/);
    assert.equal(sim.model.state.sim.pinLeft, 3, 'no attempt spent');
    const r = await cli(['fix', 'sim-pin-required', '--yes', '--secrets-stdin', ...dev], env, '7395\n');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(sim.model.state.sim.pinState, 'ready');
    const dir = path.join(stateDir, 'modem-doctor', 'undo');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    for (const text of [r.stdout, r.stderr, none.stdout, none.stderr, ...files]) assert.ok(!text.includes('7395'), text);
    scanAll(sim, [none, r], stateDir);
    assert.ok(files.some((f) => f.includes('"irreversible"')));
  });
});

test('fix and undo --help list their options and examples; a bad action id is a usage error', async () => {
  const env = { ...process.env, XDG_STATE_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'md-state-')) };
  try {
    const f = await cli(['fix', '--help'], env);
    assert.equal(f.code, 0);
    for (const o of ['--yes', '--force', '--apn', '--secrets-stdin', '--device', '--qmi', '--at', 'Example']) assert.ok(f.stdout.includes(o), o);
    const u = await cli(['undo', '--help'], env);
    assert.match(u.stdout, /without it, the most recent/);
    const bad = await cli(['undo', '../../etc/passwd'], env);
    assert.equal(bad.code, 2);
  } finally {
    fs.rmSync(env.XDG_STATE_HOME, { recursive: true, force: true });
  }
});
