// align-data-format against the virtual modem and its kernel side (the simulator's sysfs tree,
// whose raw_ip it follows as qmi_wwan would): the side that moves, and undo putting both back.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runFix, undoAction } from '../../../main/doctor/run-fix.ts';
import { UndoStore } from '../../../main/doctor/undo-store.ts';
import type { Simulator } from '../../../main/simulator/simulator.ts';
import { withSim } from '../../simulator/support.ts';
import { waitFor } from '../../support/wait.ts';
import { factsOf, noSecrets, openModem, snapshot } from './support.ts';

const yes = async (): Promise<boolean> => true;

async function withKernel(profile: string, scenario: string, fn: (sim: Simulator, store: UndoStore, open: Awaited<ReturnType<typeof openModem>>) => Promise<void>): Promise<void> {
  await withSim(profile, scenario, async (sim) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-undo-'));
    const open = await openModem(sim, {}, { sysfsRoot: sim.sysfs.root, net: sim.net ?? 'wwan0' });
    try {
      await fn(sim, new UndoStore({ dir }), open);
    } finally {
      await open.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

const rawIpFile = (sim: Simulator): string => path.join(sim.sysfs.root, 'class', 'net', sim.net ?? 'wwan0', 'qmi', 'raw_ip');

for (const profile of ['ec25', 'mc7455']) {
  test(`align-data-format (${profile}, seed): the kernel follows the raw-ip modem (raw_ip=Y, written directly in the virtual modem's sysfs); undo writes N back`, async () => {
    await withKernel(profile, 'seed', async (sim, store, open) => {
      const before = snapshot(sim);
      const r = await runFix({ fix: 'align-data-format', finding: 'data-format-mismatch', open, facts: factsOf(sim), secrets: noSecrets, consent: yes, store });
      assert.equal(r.status, 'applied', r.error);
      assert.deepEqual(r.plan.changes, [{ what: `qmi_wwan raw_ip on ${sim.net}`, from: '802.3 (raw_ip=N)', to: 'raw-ip (raw_ip=Y)' }]);
      assert.equal(r.outcome?.via, 'direct');
      assert.equal(fs.readFileSync(rawIpFile(sim), 'utf8').trim(), 'Y');
      await waitFor(() => sim.model.state.dataFormat.kernelRawIp, 3000, 'the virtual kernel follows raw_ip=Y');
      await undoAction({ record: store.load(r.undo!.actionId), open, store });
      await waitFor(() => !sim.model.state.dataFormat.kernelRawIp, 3000, 'the virtual kernel follows raw_ip=N');
      assert.equal(fs.readFileSync(rawIpFile(sim), 'utf8').trim(), 'N');
      assert.deepEqual(snapshot(sim), before);
    });
  });
}

test('align-data-format on an 802.3 EC25 beside a raw-ip kernel: the modem is asked for raw-ip (WDA); undo sets 802.3 again', async () => {
  await withKernel('ec25', 'healthy', async (sim, store, open) => {
    sim.model.setLinkLayer('802-3');
    const before = snapshot(sim);
    const r = await runFix({ fix: 'align-data-format', open, facts: factsOf(sim), secrets: noSecrets, consent: yes, store });
    assert.equal(r.status, 'applied', r.error);
    assert.deepEqual(r.plan.changes, [{ what: 'modem data format (WDA link layer)', from: '802.3', to: 'raw-ip' }]);
    assert.equal(sim.model.state.dataFormat.linkLayer, 'raw-ip');
    assert.equal(sim.model.state.dataFormat.kernelRawIp, true, 'the kernel side was not touched');
    await undoAction({ record: store.load(r.undo!.actionId), open, store });
    assert.deepEqual(snapshot(sim), before);
  });
});
