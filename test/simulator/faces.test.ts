// Behaviour of the faces beyond the scenarios: URCs and RDY, re-enumeration, NMEA, DIAG,
// client ids, indications, unknown messages.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildFrame } from '../../main/qmi/frame.ts';
import { CTL, DMS, NAS, SERVICES, WDS } from '../../main/qmi/services/index.ts';
import { SERVICE_HANDLERS } from '../../main/simulator/qmi/handlers.ts';
import { nmeaChecksum } from '../../main/simulator/nmea.ts';
import { runCommand } from '../../main/simulator/at-commands.ts';
import { defaultSession } from '../../main/simulator/at-session.ts';
import { ModemModel } from '../../main/simulator/model.ts';
import { EC25 } from '../../main/simulator/profiles/ec25.ts';
import { healthyState } from '../../main/simulator/scenarios.ts';
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

test('AT+CFUN=1,1 resets: OK, then RDY and +CPIN on the URC port, echo back on', () => withSim('ec25', 'healthy', async (sim) => {
  const at = new PtyClient(sim.ports.at[0]!);
  await at.at('ATE0');
  at.clear();
  at.write('AT+CFUN=1,1\r');
  assert.ok(await at.until(() => /OK\r\n[\s\S]*RDY\r\n[\s\S]*\+CPIN: READY/.test(at.text())), at.text());
  assert.ok(await at.until(() => at.text().includes('+QIND: PB DONE')), at.text());
  assert.match(await at.at('AT'), /^AT\r/);
  at.close();
}));

test('AT+QCFG="usbnet",1 re-enumerates: ports vanish, come back without QMI', () => withSim('ec25', 'healthy', async (sim) => {
  const at = new PtyClient(sim.ports.at[0]!);
  const back = new Promise<void>((r) => sim.once('reenumerated', () => r()));
  assert.match(await at.at('AT+QCFG="usbnet",1'), /OK/);
  assert.ok(await at.until(() => at.ended || at.error !== null), 'the old port hung up');
  at.close();
  await back;
  assert.equal(sim.ports.qmi, null);
  assert.equal(sim.ports.at.length, 2);
  const again = new PtyClient(sim.ports.at[0]!);
  assert.match(await again.at('AT+QCFG="usbnet"'), /\+QCFG: "usbnet",1/);
  again.close();
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
