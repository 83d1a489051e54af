// The "ModemManager holds the modem" story on the command line, against a real ModemManager
// probing the virtual EC25 (#10's harness): `diagnose --json` names modemmanager-holds-device,
// `fix modemmanager-holds-device --yes` inhibits (ModemManager lets go and lists no modem) and
// keeps running, since an inhibition lives on the D-Bus connection of the process that made it;
// `undo` from another process asks that process to release it, and ModemManager lists the modem
// again. Every process of the world is ended by pid at the end.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { modemManagerStatus } from '../../main/system/modemmanager.ts';
import { skipUnlessModemManagerWorld, startModemManagerWorld, type ModemManagerWorld } from '../support/modemmanager-harness.ts';
import { BIN } from '../support/run-cli.ts';
import { assertNoSecrets, knownSecretsOf } from '../support/secret-scan.ts';

const skip = skipUnlessModemManagerWorld();

interface Run { code: number | null; stdout: string; stderr: string }

function cli(env: NodeJS.ProcessEnv, args: string[], timeoutMs = 60000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`modem-doctor ${args.join(' ')} did not exit within ${timeoutMs} ms: ${stdout}${stderr}`)); }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

function portArgs(world: ModemManagerWorld): string[] {
  const s = world.sim;
  return ['--qmi', s.ports.qmi!, ...s.ports.at.flatMap((a) => ['--at', a])];
}

test('ModemManager holding the EC25 on the command line: diagnose names it, fix --yes inhibits and holds, undo from another process gives it back',
  { skip, timeout: 180000 }, async (t) => {
    const world = await startModemManagerWorld({ profile: 'ec25' });
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'md-mmcli-'));
    const env = { ...world.env, XDG_STATE_HOME: state };
    const outputs: Run[] = [];
    try {
      const modem = await world.waitForModem();

      const diag = await cli(env, ['diagnose', '--json', ...portArgs(world)]);
      outputs.push(diag);
      const found = (JSON.parse(diag.stdout) as { findings: { id: string; fixes: { fix: string }[] }[] }).findings;
      const holds = found.find((f) => f.id === 'modemmanager-holds-device');
      assert.ok(holds, `diagnose names modemmanager-holds-device: ${found.map((f) => f.id).join(', ')}`);
      assert.equal(holds.fixes[0]?.fix, 'free-device');
      assert.equal(diag.code, 1, 'an error finding: exit 1');

      // fix: inhibits, re-checks, then holds the inhibition until asked to stop.
      const fix = spawn(process.execPath, [BIN, 'fix', 'modemmanager-holds-device', '--yes', '--json', ...portArgs(world)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const fixRun: Run = { code: null, stdout: '', stderr: '' };
      fix.stdout.on('data', (d: Buffer) => { fixRun.stdout += d; });
      fix.stderr.on('data', (d: Buffer) => { fixRun.stderr += d; });
      const exited = new Promise<number | null>((r) => fix.on('close', (c) => r(c)));
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`fix never said it holds the modem: ${fixRun.stdout}${fixRun.stderr}`)), 60000);
          // stdout (the result) and stderr (the hold message) arrive through separate pipes: wait for both.
          const parses = (): boolean => { try { JSON.parse(fixRun.stdout); return true; } catch { return false; } };
          const check = (): void => { if (fixRun.stderr.includes('Press Ctrl-C') && parses()) { clearTimeout(timer); resolve(); } };
          fix.stderr.on('data', check);
          fix.stdout.on('data', check);
          void exited.then((c) => { clearTimeout(timer); reject(new Error(`fix exited ${c} before holding: ${fixRun.stdout}${fixRun.stderr}`)); });
        });
        const result = JSON.parse(fixRun.stdout) as { status: string; undo: { actionId: string; restore: { holderPid?: number } }; recheck?: { resolved: boolean }; plan: { warnings: string[] } };
        assert.equal(result.status, 'applied');
        assert.equal(result.recheck?.resolved, true, 'the re-check no longer finds ModemManager holding the modem');
        assert.match(result.plan.warnings.join(' '), /lasts while the Modem Doctor process that made it runs/, 'the plan says how long the inhibition lasts');
        assert.equal(result.undo.restore.holderPid, fix.pid, 'the record names the process that holds the inhibition');
        assert.match(fixRun.stderr, new RegExp(`modem-doctor undo ${result.undo.actionId}`));
        assert.equal((await modemManagerStatus({ busAddress: world.busAddress })).modems.length, 0, 'ModemManager lists no modem while inhibited');

        // A new diagnosis from another process: ModemManager no longer holds it.
        const again = await cli(env, ['diagnose', '--json', ...portArgs(world)]);
        outputs.push(again);
        assert.ok(!(JSON.parse(again.stdout) as { findings: { id: string }[] }).findings.some((f) => f.id === 'modemmanager-holds-device'), again.stdout);

        // undo (another process, the latest action): the holder releases and ends; MM probes the modem again.
        const undone = await cli(env, ['undo']);
        outputs.push(undone);
        assert.equal(undone.code, 0, undone.stdout + undone.stderr);
        assert.match(undone.stdout, /Given back/);
        assert.equal(await exited, 0, fixRun.stdout + fixRun.stderr);
        const back = await world.waitForModem(30000);
        assert.equal(back.device, modem.device);
        assert.equal((await cli(env, ['undo'])).stdout.trim(), 'Nothing to undo.');
        outputs.push(fixRun);
      } finally {
        if (fix.exitCode === null && fix.signalCode === null) { fix.kill('SIGKILL'); await exited; }
      }
      const known = knownSecretsOf(world.sim.model.state);
      outputs.forEach((r, i) => assertNoSecrets(r.stdout + r.stderr, known, `output of command ${i + 1}`));
    } catch (e) {
      t.diagnostic(world.log().slice(-3000));
      throw e;
    } finally {
      fs.rmSync(state, { recursive: true, force: true });
      assert.deepEqual(await world.close(), [], 'every process of the world ended');
    }
  });
