// Port-role probing over real PTYs: an AT port, an NMEA port, a DIAG port, a silent one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { openPty, type PtyPort } from '../../main/simulator/pty.ts';
import { nmeaChecksumValid, probePortRoles, type ProbeProgress } from '../../main/at/port-roles.ts';
import { AtResponder, healthyModem } from '../support/at-responder.ts';

// Real sentences with their real checksums (the widely published NMEA 0183 examples).
const NMEA = [
  '$GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,*76',
  '$GPGSV,3,1,11,10,63,137,17,07,61,098,15,05,59,290,20,08,54,157,30*70',
  '$GPRMC,092750.000,A,5321.6802,N,00630.3372,W,0.02,31.66,280511,,,A*43',
];

// A real HDLC-framed QCDM frame (ModemManager libqcdm/tests/test-qcdm-utils.c, inbuf[]: 221 bytes
// ending in the 0x7e flag). Only the start and the end matter to the probe; kept whole on purpose.
const QCDM_FRAME = Buffer.from(
  '400300010019f000160021001c00d8003f0056013f0015001a0011013f0092013f0039003f0095013f0012003f002301' +
  '3f0066003f000b013f00ae003f0002013f00a8003f0050013f00f8013f0057003f007d5e003f0093003f00bd003f0077' +
  '013f00b7003f00ab003f0033003f000000000000000000000000000000000000000000000000adde0000000000000013' +
  '13501f0000ffff00aa1900000000000000000000000000000000000000000000000000000000000000000000b1c47d5e' +
  '7d5e7d5d5d04581b5b1b0000000000000000000000000000000065697e', 'hex');

interface Ports {
  dir: string;
  ptys: PtyPort[];
  done: () => Promise<void>;
}

async function ports(names: string[]): Promise<Ports> {
  const dir = fs.mkdtempSync(os.tmpdir() + '/md-');
  const ptys = await Promise.all(names.map((n) => openPty(`${dir}/${n}`)));
  return {
    dir, ptys,
    done: async () => {
      await Promise.all(ptys.map((p) => p.close()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function streamEvery(ms: number, write: () => void): () => void {
  const t = setInterval(write, ms);
  return () => clearInterval(t);
}

test('the frame used as a DIAG sample is what libqcdm decapsulates: 221 bytes ending in 0x7e', () => {
  assert.equal(QCDM_FRAME.length, 221);
  assert.equal(QCDM_FRAME[QCDM_FRAME.length - 1], 0x7e);
});

test('NMEA checksums are checked, not just the shape', () => {
  for (const s of NMEA) assert.equal(nmeaChecksumValid(s), true, s);
  assert.equal(nmeaChecksumValid(NMEA[0]!.replace('*76', '*77')), false);
  assert.equal(nmeaChecksumValid('$GPGGA,no checksum'), false);
  assert.equal(nmeaChecksumValid('+CSQ: 20,99'), false);
});

test('an EC25-like set of ports: DIAG, NMEA and AT are told apart; NMEA and streaming DIAG never get AT', async () => {
  const p = await ports(['ttyUSB0', 'ttyUSB1', 'ttyUSB2', 'ttyUSB3']);
  const [diagPty, nmeaPty, atPty, silentPty] = p.ptys as [PtyPort, PtyPort, PtyPort, PtyPort];
  const diag = new AtResponder(diagPty, () => null);
  const nmea = new AtResponder(nmeaPty, () => null); // the GPS port ignores input
  const at = new AtResponder(atPty, healthyModem);
  const silent = new AtResponder(silentPty, () => null);
  let i = 0;
  const stopNmea = streamEvery(100, () => nmeaPty.write(`${NMEA[i++ % NMEA.length]}\r\n`));
  const stopDiag = streamEvery(150, () => diagPty.write(QCDM_FRAME));
  const progress: ProbeProgress[] = [];
  try {
    const results = await probePortRoles([
      { path: diagPty.path, interfaceNumber: 0 },
      { path: nmeaPty.path, interfaceNumber: 1 },
      { path: atPty.path, interfaceNumber: 2 },
      { path: silentPty.path, interfaceNumber: 3 },
    ], { listenMs: 600, atTimeoutMs: 400, diagMemory: new Set(), onProgress: (x) => progress.push(x) });

    const [d, n, a, s] = results as [typeof results[0], typeof results[0], typeof results[0], typeof results[0]];
    assert.equal(d.role, 'diag');
    assert.equal(d.confidence, 'high');
    assert.equal(d.evidence.atSent, false);
    assert.ok(d.evidence.hdlcFlags > 0);
    assert.equal(diag.rawReceived, '', 'nothing at all was written to the DIAG port');

    assert.equal(n.role, 'nmea');
    assert.equal(n.confidence, 'high');
    assert.equal(n.evidence.atSent, false);
    assert.ok(n.evidence.nmeaValidChecksums >= 2);
    assert.ok(n.evidence.nmeaTypes.includes('GPGGA'));
    assert.match(n.summary, /NMEA port, which never answers AT/);
    assert.equal(nmea.rawReceived, '', 'AT was never typed into the NMEA port');

    assert.equal(a.role, 'at');
    assert.equal(a.confidence, 'high');
    assert.equal(a.evidence.atSent, true);
    assert.equal(a.evidence.atFinal, 'OK');
    assert.deepEqual(at.received, ['AT']);

    assert.equal(s.role, 'unknown');
    assert.equal(s.confidence, 'low');
    assert.deepEqual(silent.received, ['AT'], 'a silent port gets exactly one AT');
    assert.match(s.summary, /^silent/);

    assert.deepEqual(results.map((r) => r.interfaceNumber), [0, 1, 2, 3]);
    assert.deepEqual(progress.map((x) => x.done), [1, 2, 3, 4]);
    assert.ok(progress.every((x) => x.total === 4));
    assert.deepEqual(new Set(progress.map((x) => x.result.path)), new Set(p.ptys.map((x) => x.path)));
  } finally {
    stopNmea();
    stopDiag();
    await p.done();
  }
});

test('a DIAG port that is quiet until spoken to gets one AT, answers in binary, and is never sent AT again', async () => {
  const p = await ports(['ttyUSB0']);
  const pty = p.ptys[0]!;
  const diag = new AtResponder(pty, (_c, modem) => {
    modem.push(QCDM_FRAME); // any input gets a binary frame back
    return null;
  });
  const memory = new Set<string>();
  try {
    const [first] = await probePortRoles([{ path: pty.path }], { listenMs: 200, atTimeoutMs: 400, diagMemory: memory });
    assert.equal(first!.role, 'diag');
    assert.equal(first!.confidence, 'high');
    assert.equal(first!.evidence.atSent, true);
    assert.match(first!.evidence.atReplyHex ?? '', /^40030001/);
    const [second] = await probePortRoles([{ path: pty.path }], { listenMs: 200, atTimeoutMs: 400, diagMemory: memory });
    assert.equal(second!.role, 'diag');
    assert.match(second!.evidence.skipped ?? '', /never sent to it again/);
    assert.equal(diag.rawReceived.split('AT').length - 1, 1, 'at most ONE AT reached the DIAG port');
  } finally {
    await p.done();
  }
});

test('ports with a role from the device table are not opened; missing ports are reported, not thrown', async () => {
  const dir = fs.mkdtempSync(os.tmpdir() + '/md-');
  const results = await probePortRoles([
    { path: `${dir}/ttyUSB1`, interfaceNumber: 1, knownRole: 'nmea' },
    { path: `${dir}/ttyUSB7` },
  ], { listenMs: 100, atTimeoutMs: 100 });
  assert.equal(results[0]!.role, 'nmea');
  assert.equal(results[0]!.confidence, 'table');
  assert.equal(results[0]!.evidence.atSent, false);
  assert.equal(results[1]!.role, 'unavailable');
  assert.match(results[1]!.evidence.openError ?? '', /does not exist/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an AT port with echo on and chatty URCs is still found to be AT', async () => {
  const p = await ports(['ttyUSB2']);
  const pty = p.ptys[0]!;
  const modem = new AtResponder(pty, healthyModem, { echo: true });
  const stop = streamEvery(80, () => pty.write('\r\n+QIND: "csq",20,99\r\n'));
  try {
    const [r] = await probePortRoles([{ path: pty.path }], { listenMs: 300, atTimeoutMs: 500, diagMemory: new Set() });
    assert.equal(r!.role, 'at');
    assert.match(r!.summary, /echo is on/);
    assert.match(r!.evidence.heardText, /\+QIND/);
    assert.deepEqual(modem.received, ['AT']);
  } finally {
    stop();
    await p.done();
  }
});
