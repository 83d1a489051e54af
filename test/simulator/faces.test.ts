// Behaviour of the faces beyond the scenarios: URCs and RDY, re-enumeration, NMEA, DIAG,
// client ids, indications, unknown messages.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildFrame } from '../../main/qmi/frame.ts';
import { QmuxFrameReader } from '../../main/qmi/frame-stream.ts';
import { encodeMessage } from '../../main/qmi/message-codec.ts';
import { CTL, DMS, NAS, SERVICES, WDS } from '../../main/qmi/services/index.ts';
import { SERVICE_HANDLERS } from '../../main/simulator/qmi/handlers.ts';
import { nmeaChecksum } from '../../main/simulator/nmea.ts';
import { runCommand } from '../../main/simulator/at-commands.ts';
import { defaultSession } from '../../main/simulator/at-session.ts';
import { ModemModel } from '../../main/simulator/model.ts';
import { EC25 } from '../../main/simulator/profiles/ec25.ts';
import { healthyState } from '../../main/simulator/scenarios.ts';
import type { Simulator } from '../../main/simulator/simulator.ts';
import { PtyClient, QmiTestClient } from './pty-client.ts';
import { withSim } from './support.ts';

test('every declared QMI request has a handler (a new declaration without one fails here)', () => {
  const missing: string[] = [];
  for (const svc of SERVICES) {
    const h = SERVICE_HANDLERS.find((s) => s.service.id === svc.id)?.handlers ?? {};
    for (const [key, decl] of Object.entries(svc.messages)) if (decl.request && !h[key]) missing.push(`${svc.name}.${key}`);
  }
  assert.deepEqual(missing, []);
});

test('AT echo is on by default, ATE0 turns it off', () => withSim('ec25', 'healthy', async (sim) => {
  const at = new PtyClient(sim.ports.at[0]!);
  assert.match(await at.at('AT+CGMI'), /^AT\+CGMI\r\r\nQuectel\r\n\r\nOK\r\n$/);
  await at.at('ATE0');
  assert.equal(await at.at('AT+CGMI'), '\r\nQuectel\r\n\r\nOK\r\n');
  at.close();
}));

test('+CEREG URCs follow registration changes once AT+CEREG=2 is set', () => withSim('ec25', 'healthy', async (sim) => {
  const at = new PtyClient(sim.ports.at[1]!);
  await at.at('ATE0;+CEREG=2');
  at.clear();
  sim.model.setRegistration('searching');
  assert.ok(await at.until(() => at.text().includes('+CEREG: 2\r\n')), at.text());
  sim.model.setRegistration('registered');
  assert.ok(await at.until(() => /\+CEREG: 1,"3193","08F381C5",7/.test(at.text())), at.text());
  assert.doesNotMatch(at.text(), /RING/);
  at.close();
}));

/** Resolves when the simulator's ports are back after a reset (re-enumeration). */
function reenumerated(sim: Simulator): Promise<void> {
  return new Promise((r) => sim.once('reenumerated', () => r()));
}

// The AT latency is above the time a resetting module takes to drop off USB: the reset must
// wait for its OK to be written, or the OK is lost with the port.
test('AT+CFUN=1,1 at 400 ms AT latency: OK first, the ports drop off USB and return, then RDY, echo back on', () => withSim('ec25', 'healthy', async (sim) => {
  const port = sim.ports.at[0]!;
  const at = new PtyClient(port);
  // The first boot's URCs (RDY at 300 ms, PB DONE after) are over before the reset (withSim waits
  // for them), or they would be read as output of the reset itself.
  await at.at('ATE0');
  const back = reenumerated(sim);
  at.clear();
  at.write('AT+CFUN=1,1\r');
  assert.ok(await at.until(() => at.ended || at.error !== null, 5000), 'the port dropped off USB');
  assert.match(at.text(), /\r\nOK\r\n/, 'the OK came before the drop');
  assert.doesNotMatch(at.text(), /RDY/, 'no RDY on the ports the reset takes away');
  at.close();
  await back;
  const again = new PtyClient(port);
  assert.ok(await again.until(() => /RDY\r\n[\s\S]*\+CPIN: READY/.test(again.text())), again.text());
  assert.ok(await again.until(() => again.text().includes('+QIND: PB DONE')), again.text());
  assert.match(await again.at('AT'), /^AT\r/);
  again.close();
}, { latency: { qmi: 1, at: 400 } }));

test('every reset re-enumerates, composition changed or not: QMI Set Operating Mode reset (400 ms latency), Sierra AT!RESET', async () => {
  await withSim('ec25', 'healthy', async (sim) => {
    const port = sim.ports.qmi!;
    const q = new QmiTestClient(port);
    const dms = await q.allocate(DMS.id);
    const back = reenumerated(sim);
    const r = await q.request(DMS, DMS.messages.setOperatingMode, { mode: 'reset' }, dms, 3000);
    assert.equal(r?.result?.errorName, 'none', 'the response came before the drop');
    assert.ok(await q.c.until(() => q.c.ended || q.c.error !== null, 5000), 'the QMI port dropped off USB');
    q.close();
    await back;
    assert.equal(sim.ports.qmi, port);
    const again = new QmiTestClient(port);
    const m = await again.request(DMS, DMS.messages.getOperatingMode, {}, await again.allocate(DMS.id), 3000);
    assert.equal(m?.fields.mode, 'online');
    again.close();
  }, { latency: { qmi: 400, at: 1 } });
  await withSim('mc7455', 'healthy', async (sim) => {
    const at = new PtyClient(sim.ports.at[0]!);
    const back = reenumerated(sim);
    assert.match(await at.at('AT!RESET'), /\r\nOK\r\n/);
    assert.ok(await at.until(() => at.ended || at.error !== null, 5000), 'the AT port dropped off USB');
    at.close();
    await back;
    assert.ok(sim.ports.qmi, 'same composition: QMI is back');
  });
});

test('AT+QCFG="usbnet",<n> only stores the value: no reset, nothing pending to run after the OK', () => {
  const model = new ModemModel(healthyState(EC25));
  const kinds: string[] = [];
  model.on('change', (k: string) => kinds.push(k));
  const r = runCommand('+QCFG="usbnet",1', { model, profile: EC25, session: defaultSession() });
  assert.equal(r.final, 'OK');
  assert.equal(r.after, undefined, 'no reset follows the OK');
  assert.deepEqual(kinds, []);
  assert.equal(model.state.usbComposition, 0);
  assert.equal(model.state.pendingComposition, 1);
  model.reset();
  assert.equal(model.state.usbComposition, 1);
  assert.deepEqual(kinds.filter((k) => k === 'reset' || k === 'reenumerate'), ['reset', 'reenumerate']);
  model.dispose();
});

test('AT+QCFG="usbnet",1 is stored and applies at the next reset: then the ports come back without QMI', () => withSim('ec25', 'healthy', async (sim) => {
  let vanished = 0;
  sim.on('vanished', () => { vanished++; });
  const port = sim.ports.at[0]!;
  const at = new PtyClient(port);
  assert.match(await at.at('AT+QCFG="usbnet",1'), /\r\nOK\r\n/);
  assert.equal(sim.model.state.usbComposition, 0, 'not applied by the write itself');
  assert.match(await at.at('AT+QCFG="usbnet"'), /\+QCFG: "usbnet",1/, 'the stored value reads back');
  assert.match(await at.at('AT+CGMM'), /EC25/);
  assert.equal(vanished, 0);
  assert.ok(sim.ports.qmi);
  assert.match(fs.readFileSync(sim.umockdevPath, 'utf8'), /DRIVER=qmi_wwan/);
  const back = reenumerated(sim);
  assert.match(await at.at('AT+CFUN=1,1'), /\r\nOK\r\n/);
  assert.ok(await at.until(() => at.ended || at.error !== null, 5000), 'the old port hung up');
  at.close();
  await back;
  assert.equal(vanished, 1);
  assert.equal(sim.ports.qmi, null);
  assert.equal(sim.ports.at.length, 2);
  assert.match(fs.readFileSync(sim.umockdevPath, 'utf8'), /DRIVER=cdc_ether/);
  const again = new PtyClient(port);
  assert.match(await again.at('AT+QCFG="usbnet"'), /\+QCFG: "usbnet",1/);
  again.close();
}));

test('AT+CUSBPIDSWITCH=9011,1,1 reboots the SIM7600 by itself into RNDIS (1e0e:9011)', () => withSim('sim7600', 'healthy', async (sim) => {
  const at = new PtyClient(sim.ports.at[0]!);
  const back = reenumerated(sim);
  assert.match(await at.at('AT+CUSBPIDSWITCH=9011,1,1'), /\r\nOK\r\n/);
  at.close();
  await back;
  assert.equal(sim.ports.qmi, null);
  assert.match(fs.readFileSync(sim.umockdevPath, 'utf8'), /A: idProduct=9011/);
}));

test('radio off (CFUN 0 and 4) and on: registration URCs per their <n>; QMI sees low-power, then online and registered', () => withSim('ec25', 'healthy', async (sim) => {
  const at = new PtyClient(sim.ports.at[0]!);
  const q = new QmiTestClient(sim.ports.qmi!);
  const dms = await q.allocate(DMS.id);
  const nas = await q.allocate(NAS.id);
  const qmiView = async (): Promise<[unknown, string]> => {
    const mode = await q.request(DMS, DMS.messages.getOperatingMode, {}, dms);
    const ss = await q.request(NAS, NAS.messages.getServingSystem, {}, nas);
    return [mode?.fields.mode, (ss?.fields.servingSystem as { registrationState: string }).registrationState];
  };
  await at.at('ATE0;+CREG=1;+CEREG=2');
  for (const fun of [0, 4]) {
    assert.match(await at.at(`AT+CFUN=${fun}`), /OK/);
    assert.ok(await at.until(() => /\+CREG: 0\r\n/.test(at.text()) && /\+CEREG: 0\r\n/.test(at.text())), at.text());
    assert.doesNotMatch(at.text(), /\+CGREG/, '+CGREG reporting is off (n=0)');
    assert.match(await at.at('AT+CFUN?'), new RegExp(`\\+CFUN: ${fun}\\r\\n`));
    assert.deepEqual(await qmiView(), ['low-power', 'not-registered']);
    assert.match(await at.at('AT+CFUN=1'), /OK/);
    assert.ok(await at.until(() => /\+CREG: 1\r\n/.test(at.text()) && /\+CEREG: 1,"3193","08F381C5",7\r\n/.test(at.text())), at.text());
    assert.deepEqual(await qmiView(), ['online', 'registered']);
  }
  at.close();
  q.close();
}));

test('QMI offline is one-way: AT+CFUN=1 and Set Operating Mode online are refused, a reset leaves it', () => withSim('ec25', 'healthy', async (sim) => {
  const at = new PtyClient(sim.ports.at[0]!);
  const q = new QmiTestClient(sim.ports.qmi!);
  const dms = await q.allocate(DMS.id);
  assert.equal((await q.request(DMS, DMS.messages.setOperatingMode, { mode: 'offline' }, dms))?.result?.errorName, 'none');
  assert.match(await at.at('AT+CFUN?'), /\+CFUN: 0\r\n/);
  assert.match(await at.at('AT+CFUN=1'), /\+CME ERROR: 3\r\n/);
  assert.equal((await q.request(DMS, DMS.messages.setOperatingMode, { mode: 'online' }, dms))?.result?.errorName, 'invalid-transition');
  assert.equal((await q.request(DMS, DMS.messages.getOperatingMode, {}, dms))?.fields.mode, 'offline');
  at.close();
  q.close();
  sim.model.setOperatingMode('reset');
  assert.equal(sim.model.state.operatingMode, 'online');
  await sim.settled();
}));

test('AT+CLCK="SC" checks its PIN like a verify: a wrong one spends an attempt (16), the third blocks (12)', () => withSim('ec25', 'healthy', async (sim) => {
  const at = new PtyClient(sim.ports.at[0]!);
  const q = new QmiTestClient(sim.ports.qmi!);
  const dms = await q.allocate(DMS.id);
  const pin1 = async (): Promise<{ currentStatus: string; verifyRetriesLeft: number }> =>
    (await q.request(DMS, DMS.messages.uimGetPinStatus, {}, dms))?.fields.pin1Status as { currentStatus: string; verifyRetriesLeft: number };
  assert.match(await at.at('AT+CLCK="SC",1,"0000"'), /\+CME ERROR: 16\r\n/);
  assert.match(await at.at('AT+QPINC?'), /\+QPINC: "SC",2,10/);
  assert.equal((await pin1()).verifyRetriesLeft, 2);
  assert.match(await at.at(`AT+CLCK="SC",1,"${sim.model.state.sim.pin}"`), /\r\nOK\r\n/);
  assert.match(await at.at('AT+CLCK="SC",2'), /\+CLCK: 1\r\n/);
  assert.deepEqual(await pin1(), { currentStatus: 'enabled-verified', verifyRetriesLeft: 3, unblockRetriesLeft: 10 });
  const finals: string[] = [];
  for (let i = 0; i < 3; i++) finals.push(/\+CME ERROR: (\d+)/.exec(await at.at('AT+CLCK="SC",0,"0000"'))?.[1] ?? 'none');
  assert.deepEqual(finals, ['16', '16', '12']);
  assert.match(await at.at('AT+CPIN?'), /\+CPIN: SIM PUK/);
  assert.equal((await pin1()).currentStatus, 'blocked');
  assert.match(await at.at('AT+CEREG?'), /\+CEREG: 0,0\r\n/);
  at.close();
  q.close();
}));

test('NMEA streams checksummed sentences while open and ignores AT; DIAG stays silent', () => withSim('ec25', 'healthy', async (sim) => {
  const nmea = new PtyClient(sim.ports.nmea!);
  const diag = new PtyClient(sim.ports.diag!);
  nmea.write('AT\r');
  diag.write('AT\r');
  assert.ok(await nmea.until(() => nmea.text().split('\r\n').length > 3, 4000));
  const sentences = nmea.text().split('\r\n').filter((l) => l.startsWith('$'));
  assert.ok(sentences.length >= 3);
  for (const s of sentences) {
    const m = /^\$([^*]+)\*([0-9A-F]{2})$/.exec(s);
    assert.ok(m, s);
    assert.equal(nmeaChecksum(m[1]!), m[2]);
  }
  assert.doesNotMatch(nmea.text(), /OK/);
  assert.equal(diag.data.length, 0);
  nmea.close();
  diag.close();
}));

test('CIDs are counted: CLIENT_IDS_EXHAUSTED past the limit, CTL Sync frees them all', () => withSim('ec25', 'healthy', async (sim) => {
  const q = new QmiTestClient(sim.ports.qmi!);
  for (let i = 0; i < sim.profile.maxClientIds; i++) await q.allocate(DMS.id);
  const r = await q.request(CTL, CTL.messages.allocateCid, { service: DMS.id }, 0);
  assert.equal(r?.result?.errorName, 'client-ids-exhausted');
  await q.request(CTL, CTL.messages.sync, {}, 0);
  assert.equal(await q.allocate(DMS.id), 1);
  q.close();
}));

test('unknown message ids answer INVALID_QMI_COMMAND; requests on an unallocated CID INVALID_CLIENT_ID', () => withSim('ec25', 'healthy', async (sim) => {
  const q = new QmiTestClient(sim.ports.qmi!);
  const cid = await q.allocate(DMS.id);
  q.c.clear();
  q.c.write(buildFrame({ service: DMS.id, clientId: cid, kind: 'request', transactionId: 77, messageId: 0x0fff, tlvs: [] }));
  assert.ok(await q.c.until(() => q.c.data.length >= 20));
  assert.equal(q.c.data.readUInt16LE(q.c.data.length - 2), 0x47);
  const r = await q.request(DMS, DMS.messages.getIds, {}, 9);
  assert.equal(r?.result?.errorName, 'invalid-client-id');
  q.close();
}));

test('indications: NAS serving system to registered clients, WDS packet status to CID 0xFF', () => withSim('ec25', 'healthy', async (sim) => {
  const q = new QmiTestClient(sim.ports.qmi!);
  const nas = await q.allocate(NAS.id);
  const wds = await q.allocate(WDS.id);
  await q.request(NAS, NAS.messages.registerIndications, { servingSystemEvents: true }, nas);
  sim.model.setRegistration('searching');
  await q.request(WDS, WDS.messages.getPacketServiceStatus, {}, wds); // a round trip so the indication had time
  sim.model.setRegistration('registered');
  await q.request(WDS, WDS.messages.startNetwork, {}, wds);
  assert.ok(await q.c.until(() => q.indications().length >= 3), JSON.stringify(q.indications()));
  const ind = q.indications();
  const ss = ind.filter((i) => i.service.id === NAS.id).map((i) => (i.fields.servingSystem as { registrationState: string }).registrationState);
  assert.deepEqual(ss, ['not-registered-searching', 'registered']);
  const ps = ind.find((i) => i.service.id === WDS.id);
  assert.equal(ps?.clientId, 0xff);
  assert.deepEqual(ps?.fields.connectionStatus, { status: 'connected', reconfigurationRequired: false });
  q.close();
}));

test('the AT command set never throws, whatever the line (property)', () => {
  const model = new ModemModel(healthyState(EC25));
  fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => {
    const r = runCommand(`+${s}`, { model, profile: EC25, session: defaultSession() });
    assert.ok(r.final === 'OK' || r.final === 'ERROR' || typeof r.final.cme === 'number');
  }), { numRuns: 500 });
  model.dispose();
});

test('signal drift is deterministic for a seed and stays near the scenario value', () => {
  const run = (seed: number): number[] => {
    const m = new ModemModel(healthyState(EC25), { seed });
    const out: number[] = [];
    for (let i = 0; i < 50; i++) { m.driftSignal(); out.push(m.state.signal.rsrp); }
    m.dispose();
    return out;
  };
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8));
  for (const v of run(7)) assert.ok(Math.abs(v - -92) <= 4, String(v));
});

// A modem's reply time counts from its request's arrival, and it answers in order: requests sent
// in one write come back in the order sent, none of them before its latency has passed.
test('QMI replies keep the order of their requests, and none leaves before the latency', () => withSim('ec25', 'healthy', async (sim) => {
  const client = new PtyClient(sim.ports.qmi!);
  const frames: { tid: number; at: number }[] = [];
  const reader = new QmuxFrameReader({ frame: (f) => frames.push({ tid: f.transactionId, at: performance.now() }) });
  client.onChunk = (d) => reader.push(d);
  const tids = [11, 12, 13, 14, 15];
  const sent = performance.now();
  client.write(Buffer.concat(tids.map((tid) => encodeMessage(CTL, CTL.messages.getVersionInfo, 'request', {}, { clientId: 0, transactionId: tid }))));
  assert.ok(await client.until(() => frames.length >= tids.length), `${frames.length} of ${tids.length} replies`);
  assert.deepEqual(frames.map((f) => f.tid), tids);
  for (const f of frames) assert.ok(f.at - sent >= 40, `a reply came ${(f.at - sent).toFixed(1)} ms after its request, before the 40 ms latency`);
  client.close();
}, { latency: { qmi: 40, at: 1 } }));
