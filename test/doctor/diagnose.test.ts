// diagnose() as a whole, against a virtual modem on real PTYs: how a diagnosis treats the
// modem's ports over its course (the facts themselves: probes.test.ts, scenarios.test.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnose } from '../../main/doctor/diagnose.ts';
import { ExchangeLog, type QmiDecoded } from '../../main/evidence/exchange.ts';
import { withBootedSim } from '../simulator/support.ts';
import { simTarget } from './support.ts';

test('the modem\'s client ids are given back (Release CID) once the QMI reads are done, not only after a slow AT candidate has timed out', () => withBootedSim('ec25', 'seed', async (sim) => {
  const t = simTarget(sim);
  const nmea = sim.ports.nmea!;
  // The GPS port tried first as an AT port, as on a target built by hand: it never answers AT.
  const d = await diagnose({ ...t, at: [nmea, ...t.at] }, { releaseOnSignals: false, modemManager: false, atAnswerMs: 1000 });
  assert.equal(d.facts.reach.value.atUsed, t.at[0], 'the real AT port answered after the GPS port timed out');
  const releasedAt = d.transcript.filter((e) => e.direction === 'rx' && (e.decoded as QmiDecoded | undefined)?.message === 'Release CID');
  assert.equal(releasedAt.length, 5, 'every client id (UIM, WDS, NAS, DMS, WDA) released');
  const timedOut = d.transcript.find((e) => e.port === nmea && e.direction === 'note' && /^timeout/.test(e.raw));
  assert.ok(timedOut, 'the GPS port timed out');
  for (const r of releasedAt) {
    assert.ok(r.seq < timedOut.seq, `Release CID answered (seq ${r.seq}) before the GPS port's AT timeout (seq ${timedOut.seq}), about a second later`);
  }
}));

test('the modem going away after the QMI reads, while a slow AT candidate is still asked, is still noticed and said', () => withBootedSim('ec25', 'seed', async (sim) => {
  const t = simTarget(sim);
  const nmea = sim.ports.nmea!;
  const log = new ExchangeLog();
  // Unplugged 300 ms after the GPS port was asked its AT: the QMI reads and their Release CIDs
  // are done by then, and that AT waits a second for its answer.
  let unplugging: NodeJS.Timeout | undefined;
  log.onAdd((e) => { if (e.port === nmea && e.direction === 'tx') unplugging ??= setTimeout(() => sim.unplug(), 300); });
  const d = await diagnose({ ...t, at: [nmea, ...t.at] }, { releaseOnSignals: false, modemManager: false, atAnswerMs: 1000, resetWaitMs: 300, log });
  assert.ok(unplugging, 'the GPS port was asked');
  const released = d.transcript.filter((e) => e.direction === 'rx' && (e.decoded as QmiDecoded | undefined)?.message === 'Release CID');
  assert.equal(released.length, 5, 'the client ids were given back before the modem went away');
  assert.match(d.interruptions?.[0] ?? '', /^The modem went away while it was being read .*did not come back within/);
}));
