// Fault: `modem-doctor fix … --yes` is killed (SIGKILL: the OOM killer, a power cut of the
// laptop's shell, kill -9) while it is changing the modem. Nothing of it can run afterwards: its
// QMI client ids stay allocated in the modem, and its undo record still says 'applying'. What a
// user notices on the next start: the half-applied fix is listed as cut short, with the two ways
// out (finish it, or undo it), and the modem is left holding none of the dead process's client ids.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startSimulator } from '../../main/simulator/simulator.ts';
import { BIN } from '../support/run-cli.ts';

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function cli(args: string[], env: NodeJS.ProcessEnv, onStart?: (kill: () => void) => void, timeoutMs = 90000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`modem-doctor ${args.join(' ')} did not finish in ${timeoutMs} ms: ${stdout}${stderr}`)); }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
    onStart?.(() => child.kill('SIGKILL'));
  });
}

/** Resolves with the record's id once an undo record in `dir` says 'applying' and `also` holds (bounded). */
async function applyingRecord(dir: string, limitMs: number, also: () => boolean): Promise<string> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    for (const f of !also() ? [] : fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.')) : []) {
      try {
        const r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { status: string; actionId: string };
        if (r.status === 'applying') return r.actionId;
      } catch { /* being written */ }
    }
    if (Date.now() > deadline) throw new Error(`no undo record in state 'applying' in ${dir} within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('fix killed with SIGKILL while applying: undo --list and diagnose say cut short and offer finish or undo; the next diagnosis leaves no leaked client id; finishing takes the record over and its undo restores the modem', { timeout: 240000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-kill-'));
  // Every QMI reply takes 300 ms: the fix is still writing when it is killed.
  const sim = await startSimulator({ profile: 'ec25', scenario: 'seed', dir: path.join(dir, 'm'), driftMs: 0, latency: { qmi: 300, at: 1 } });
  const stateDir = path.join(dir, 'state');
  const undoDir = path.join(stateDir, 'modem-doctor', 'undo');
  const env = { ...process.env, XDG_STATE_HOME: stateDir };
  try {
    const dev = ['--qmi', sim.ports.qmi!, '--at', sim.ports.at[0]!, '--net', sim.net ?? 'wwan0', '--sysfs-root', sim.sysfs.root];
    const profilesBefore = structuredClone(sim.model.state.profiles);
    let killedId = '';
    const killed = await cli(['fix', 'apn-missing', '--yes', ...dev], env, (kill) => {
      // Killed while it holds client ids in the modem, as a process killed mid-change does.
      void applyingRecord(undoDir, 60000, () => Object.keys(sim.clientIds()).length > 0).then((id) => { killedId = id; kill(); }, () => kill());
    });
    assert.equal(killed.signal, 'SIGKILL', killed.stdout + killed.stderr);
    assert.ok(killedId, 'killed while its record said applying');
    const leaked = Object.values(sim.clientIds()).flat().length;
    assert.ok(leaked > 0, `the killed process could not give its client ids back: ${killed.stdout}${killed.stderr}`);

    const list = await cli(['undo', '--list'], env);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`${killedId}\\s+set-apn`));
    assert.match(list.stdout, /cut short while applying/);
    assert.match(list.stdout, /finish it: modem-doctor fix apn-missing --yes --qmi \S+/);
    assert.match(list.stdout, new RegExp(`undo it: modem-doctor undo ${killedId}`));

    const diag = await cli(['diagnose', ...dev], env);
    assert.match(diag.stdout, new RegExp(`set-apn \\(${killedId}\\) was cut short while applying`), diag.stdout);
    assert.match(diag.stdout, /finish it: modem-doctor fix apn-missing --yes/);
    assert.match(diag.stdout, new RegExp(`undo it: modem-doctor undo ${killedId}`));
    assert.deepEqual(sim.clientIds(), {}, `the killed process left ${leaked} client id(s); the next diagnosis, owning the port, freed them`);

    // Finishing: the fix run again completes, and the cut-short record is settled (not listed any more as cut short).
    const again = await cli(['fix', 'apn-missing', '--yes', ...dev], env);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    const after = await cli(['undo', '--list'], env);
    assert.doesNotMatch(after.stdout, /cut short while applying/, after.stdout);
    assert.equal(after.stdout.match(/^\d{8}T\d{6}Z-set-apn-/gm)?.length, 1, `one record left, the finished one: ${after.stdout}`);
    // Its undo goes back to before the first, killed run.
    const undo = await cli(['undo'], env);
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.deepEqual(sim.model.state.profiles, profilesBefore);
    assert.deepEqual(sim.clientIds(), {});
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
