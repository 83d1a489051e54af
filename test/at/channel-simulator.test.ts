// The channel and the port probe against the project's virtual EC25 (main/simulator): the same
// PTYs and ports a user of `npm start` without hardware talks to.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { startSimulator } from '../../main/simulator/simulator.ts';
import { AtChannel, AtRestartError, type AtReply } from '../../main/at/channel.ts';
import { probePortRoles } from '../../main/at/port-roles.ts';

test('the virtual EC25: AT port answers queued commands; the probe tells AT from NMEA and never calls DIAG an AT port', async () => {
  const dir = fs.mkdtempSync(os.tmpdir() + '/md-');
  const sim = await startSimulator({ profile: 'ec25', scenario: 'healthy', dir, driftMs: 0 });
  try {
    const ports = sim.ports;
    const atPath = ports.at[0];
    assert.ok(atPath, 'the EC25 profile has an AT port');
    const channel = await AtChannel.open(atPath);
    try {
      const [cpin, csq, cgmi] = await Promise.all([
        channel.send('AT+CPIN?', { timeoutMs: 5000 }), channel.send('AT+CSQ', { timeoutMs: 5000 }),
        channel.send('AT+CGMI', { timeoutMs: 5000 }),
      ]);
      assert.equal(cpin.ok, true);
      assert.ok(cpin.lines.some((l) => /^\+CPIN: READY$/.test(l)), cpin.raw);
      assert.equal(csq.parsed?.ok, true, csq.raw);
      assert.equal(cgmi.ok, true);
    } finally {
      await channel.close();
    }

    assert.ok(ports.nmea && ports.diag, 'the EC25 profile has NMEA and DIAG ports');
    // 2.5 s of listening covers the simulator's 1 s NMEA period.
    const results = await probePortRoles([
      { path: ports.diag, interfaceNumber: 0 }, { path: ports.nmea, interfaceNumber: 1 },
      { path: atPath, interfaceNumber: 2 },
    ], { listenMs: 2500, atTimeoutMs: 1500, diagMemory: new Set() });
    const [diag, nmea, at] = results;
    assert.equal(at!.role, 'at', at!.summary);
    assert.equal(nmea!.role, 'nmea', nmea!.summary);
    assert.equal(nmea!.confidence, 'high', 'the simulator writes valid NMEA checksums');
    assert.equal(nmea!.evidence.atSent, false);
    // The simulated DIAG port stays silent (a real one waits for an HDLC frame): honestly unknown,
    // never mistaken for AT.
    assert.notEqual(diag!.role, 'at');
    assert.ok(diag!.role === 'unknown' || diag!.role === 'diag', diag!.summary);
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the garbage scenario: line noise before the echo is set aside, ATI still names the maker', async () => {
  const dir = fs.mkdtempSync(os.tmpdir() + '/md-');
  const sim = await startSimulator({ profile: 'ec25', scenario: 'garbage', dir, driftMs: 0 });
  try {
    const channel = await AtChannel.open(sim.ports.at[0]!);
    try {
      // The module boots as the port opens: an ATI sent before its RDY is failed by that RDY (on a
      // loaded host it can land there); that is the boot, not the noise under test, so ask again.
      const ask = (): Promise<AtReply> => channel.send('ATI', { timeoutMs: 5000 })
        .catch((e: unknown) => { if (e instanceof AtRestartError) return channel.send('ATI', { timeoutMs: 5000 }); throw e; });
      for (let i = 0; i < 5; i++) {
        const ati = await ask();
        assert.equal(ati.ok, true, ati.raw);
        assert.equal((ati.parsed?.ok && (ati.parsed.value as { manufacturer?: string }).manufacturer), 'Quectel', JSON.stringify(ati));
        assert.ok(ati.garbage.length > 0, `the noise is reported: ${JSON.stringify(ati.raw)}`);
        for (const l of ati.lines) assert.doesNotMatch(l, /ATI$/, 'no noise-glued echo among the answer lines');
      }
    } finally {
      await channel.close();
    }
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
