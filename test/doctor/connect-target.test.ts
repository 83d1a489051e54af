// Opening a target: ports another program holds are named, not opened; the NMEA port put among
// the AT candidates is recognised by what it sends; the first candidate that answers is used.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { test } from 'node:test';
import { connectTarget } from '../../main/doctor/connect-target.ts';
import { targetFromPorts } from '../../main/doctor/targets.ts';
import type { QmiDecoded } from '../../main/evidence/exchange.ts';
import { DMS, UIM, WDS } from '../../main/qmi/services/index.ts';
import { withSim } from '../simulator/support.ts';

test('an AT port another program holds is reported held with its name, and the next candidate is used', () => withSim('ec25', 'healthy', async (sim) => {
  const [first, second] = sim.ports.at as [string, string];
  const fd = fs.openSync(first, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
  const holder = spawn('sleep', ['30'], { stdio: ['ignore', 'ignore', 'ignore', fd] });
  fs.closeSync(fd);
  try {
    await new Promise((r) => holder.once('spawn', r));
    const open = await connectTarget(targetFromPorts({ qmi: sim.ports.qmi!, at: [first, second] }), { releaseOnSignals: false });
    try {
      const reach = open.reach!.value;
      assert.equal(reach.at[0]?.answer, 'held');
      assert.match(reach.at[0]?.detail ?? '', new RegExp(`sleep \\(pid ${holder.pid}\\)`));
      assert.deepEqual([reach.at[1]?.path, reach.at[1]?.answer, reach.atUsed], [second, 'answered', second]);
      assert.equal(reach.qmi?.answer, 'answered');
      assert.ok(open.qmi && open.at);
    } finally {
      await open.close();
    }
  } finally {
    holder.kill();
  }
}));

test('the NMEA port tried as AT: silent, recognised by its GPS sentences; a missing port is absent', () => withSim('ec25', 'healthy', async (sim) => {
  const open = await connectTarget(targetFromPorts({ at: [`${sim.dir}/ttyUSB9`, sim.ports.nmea!, sim.ports.at[0]!] }), { atAnswerMs: 3000 });
  try {
    // The virtual modem sends its sentences once a second: a 3 s wait sees two even on a loaded
    // machine, where 1.5 s sometimes saw none (and the port was called silent, not NMEA).
    const reach = open.reach!.value;
    assert.deepEqual(reach.at.map((a) => [a.answer, a.role]), [['absent', 'at'], ['silent', 'nmea'], ['answered', 'at']]);
    assert.equal(reach.qmi, undefined);
    assert.equal(open.qmi, undefined);
  } finally {
    await open.close();
  }
}));

// The reach fact says how each port answered when it was opened: it cites the opening's records
// (the QMI port's CTL Sync, the AT port's AT), not the reads' first requests that may already
// be on their way (the Allocate CIDs asked ahead for the probes).
test('the reach fact cites how the ports answered, not the client ids asked ahead for the reads', () => withSim('ec25', 'healthy', async (sim) => {
  const open = await connectTarget(targetFromPorts({ qmi: sim.ports.qmi!, at: [sim.ports.at[0]!] }),
    { releaseOnSignals: false, allocateAhead: [UIM, WDS, DMS] });
  try {
    const cited = new Set(open.reach!.evidence);
    const records = open.log.all();
    const allocations = records.filter((e) => e.direction === 'tx' && (e.decoded as QmiDecoded | undefined)?.message === 'Allocate CID');
    assert.equal(allocations.length, 3, 'the three Allocate CIDs were asked');
    assert.deepEqual(allocations.filter((e) => cited.has(e.seq)).map((e) => e.seq), []);
    const citedNames = records.filter((e) => cited.has(e.seq)).map((e) => (e.protocol === 'qmi' ? (e.decoded as QmiDecoded | undefined)?.message : e.raw.trim()));
    assert.ok(citedNames.includes('Sync'), `cites the Sync: ${citedNames.join(', ')}`);
    assert.ok(citedNames.includes('AT'), `cites the AT: ${citedNames.join(', ')}`);
  } finally {
    await open.close();
  }
}));
