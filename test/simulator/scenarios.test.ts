// Each scenario's symptom, seen over QMI and over AT on the simulator's real PTYs.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { DMS, NAS, UIM, WDA, WDS } from '../../main/qmi/services/index.ts';
import { PROFILES } from '../../main/simulator/profiles/index.ts';
import { buildScenario, expectedFindings, scenarioDescription, SCENARIOS } from '../../main/simulator/scenarios.ts';
import type { Simulator } from '../../main/simulator/simulator.ts';
import { PtyClient, QmiTestClient } from './pty-client.ts';
import { withSim } from './support.ts';

async function faces(sim: Simulator, fn: (q: QmiTestClient, at: PtyClient) => Promise<void>): Promise<void> {
  const q = new QmiTestClient(sim.ports.qmi!);
  const at = new PtyClient(sim.ports.at[0]!);
  try { await fn(q, at); } finally { q.close(); at.close(); }
}

async function startNetwork(q: QmiTestClient): Promise<Awaited<ReturnType<QmiTestClient['request']>>> {
  const cid = await q.allocate(WDS.id);
  return q.request(WDS, WDS.messages.startNetwork, {}, cid);
}

async function servingState(q: QmiTestClient): Promise<string> {
  const r = await q.request(NAS, NAS.messages.getServingSystem, {}, await q.allocate(NAS.id));
  return (r?.fields.servingSystem as { registrationState: string }).registrationState;
}

/**
 * What a user does once the SIM is unlocked: the modem is on the network over both faces, a
 * context comes up over AT, and (after it is dropped again) Start Network succeeds over QMI.
 */
async function onlineAfterUnlock(q: QmiTestClient, at: PtyClient): Promise<void> {
  assert.equal(await servingState(q), 'registered');
  assert.match(await at.at('AT+CEREG?'), /\+CEREG: [0-2],1\r\n/);
  assert.match(await at.at('AT+CGACT=1,1'), /\r\nOK\r\n/);
  assert.match(await at.at('AT+CGACT?'), /\+CGACT: 1,1\r\n/);
  assert.match(await at.at('AT+CGACT=0,1'), /\r\nOK\r\n/);
  assert.equal((await startNetwork(q))?.result?.errorName, 'none');
}

/** AT+CFUN=1,1 and the fresh clients once the ports are back. */
async function resetAndReopen(sim: Simulator, at: PtyClient): Promise<{ q: QmiTestClient; at: PtyClient }> {
  const back = new Promise<void>((r) => sim.once('reenumerated', () => r()));
  assert.match(await at.at('AT+CFUN=1,1'), /\r\nOK\r\n/);
  await back;
  return { q: new QmiTestClient(sim.ports.qmi!), at: new PtyClient(sim.ports.at[0]!) };
}

test('every scenario name in the contract starts on every profile', async () => {
  assert.deepEqual([...SCENARIOS], ['healthy', 'seed', 'sim-pin', 'sim-puk', 'sim-blocked', 'sim-absent', 'no-apn', 'wrong-apn',
    'not-registered', 'registration-denied', 'weak-signal', 'radio-off', 'autoconnect-lock', 'wrong-usbnet', 'unresponsive',
    'garbage', 'unplug']);
  for (const profile of ['ec25', 'mc7455', 'sim7600']) {
    await withSim(profile, 'healthy', async (sim) => {
      assert.ok(sim.ports.at.length > 0 && sim.ports.qmi, profile);
      const at = new PtyClient(sim.ports.at[0]!);
      assert.match(await at.at('AT+CGMM'), new RegExp(sim.model.state.identity.model));
      at.close();
    });
  }
});

// The doctor's fixture table: these rows are what its tests will assert, so they are a contract.
test('each scenario declares the findings the doctor must raise for it', () => {
  assert.deepEqual(Object.fromEntries(SCENARIOS.map((s) => [s, [...expectedFindings(s)].sort()])), {
    healthy: [],
    seed: ['apn-missing', 'autoconnect-holds-bearer', 'data-format-mismatch'],
    'sim-pin': ['sim-pin-required'],
    'sim-puk': ['sim-puk-required'],
    'sim-blocked': ['sim-blocked'],
    'sim-absent': ['sim-absent'],
    'no-apn': ['apn-missing'],
    'wrong-apn': ['apn-mismatch'],
    'not-registered': ['not-registered'],
    'registration-denied': ['registration-denied'],
    'weak-signal': ['weak-signal'],
    'radio-off': ['radio-off'],
    'autoconnect-lock': ['autoconnect-holds-bearer'],
    'wrong-usbnet': ['usbnet-mode-wrong'],
    unresponsive: ['modem-unresponsive'],
    garbage: [],
    unplug: [],
  });
});

test('the README lists every scenario with the description its declaration gives', () => {
  const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const listed = [...readme.matchAll(/^ {2}- `([a-z-]+)`: (.+)$/gm)].map((m) => [m[1], m[2]]);
  assert.deepEqual(listed, SCENARIOS.map((s) => [s, scenarioDescription(s)]));
});

test('a scenario starts from its declaration every time: what one modem changes never reaches the next', () => {
  for (const p of Object.values(PROFILES)) {
    const first = buildScenario('seed', p);
    first.state.profiles[0]!.apn = 'changed.by.the.model';
    first.state.dataFormat.kernelRawIp = true;
    first.state.stats.txBytes = 0;
    const again = buildScenario('seed', p);
    assert.equal(again.state.profiles[0]!.apn, '');
    assert.equal(again.state.dataFormat.kernelRawIp, false);
    assert.equal(again.state.stats.txBytes, 13680);
    assert.equal(again.autoconnectBearer, true);
    // Only what the scenario names changes: the rest is the healthy modem of this profile.
    assert.equal(again.state.usbComposition, p.composition.defaultValue);
    assert.equal(buildScenario('wrong-usbnet', p).state.usbComposition, p.composition.nonQmiValue);
    assert.equal(again.state.sim.pinState, 'ready');
  }
});

test('healthy: registered on LTE over QMI, +CEREG 1 and a usable +CSQ over AT', () => withSim('ec25', 'healthy', (sim) => faces(sim, async (q, at) => {
  const cid = await q.allocate(NAS.id);
  const r = await q.request(NAS, NAS.messages.getServingSystem, {}, cid);
  assert.equal((r?.fields.servingSystem as { registrationState: string }).registrationState, 'registered');
  assert.match(await at.at('AT+CEREG?'), /\+CEREG: 0,1\r\n/);
  assert.match(await at.at('AT+CSQ'), /\+CSQ: 24,99/);
}))); 

test('seed: modem raw-ip vs kernel 802.3, no APN for 222/88, autoconnect holds the bearer', () => withSim('ec25', 'seed', (sim) => faces(sim, async (q, at) => {
  const wda = await q.allocate(WDA.id);
  const f = await q.request(WDA, WDA.messages.getDataFormat, {}, wda);
  assert.equal(f?.fields.linkLayerProtocol, 'raw-ip');
  assert.match(fs.readFileSync(sim.umockdevPath, 'utf8'), /A: qmi\/raw_ip=N/);
  const start = await startNetwork(q);
  assert.equal(start?.result?.errorName, 'no-effect');
  const ctx = await at.at('AT+CGDCONT?;+CGACT?;+COPS=3,2;+COPS?');
  assert.match(ctx, /\+CGDCONT: 1,"IP","",/);
  assert.match(ctx, /\+CGACT: 1,1/);
  assert.match(ctx, /\+COPS: 0,2,"22288",7/);
})));

test('sim-pin: PIN wanted over both faces; a PIN given over AT unlocks QMI; wrong PINs spend attempts', () => withSim('ec25', 'sim-pin', (sim) => faces(sim, async (q, at) => {
  const uim = await q.allocate(UIM.id);
  const card = async (): Promise<{ state: string; pin1Retries: number }> => {
    const r = await q.request(UIM, UIM.messages.getCardStatus, {}, uim);
    return (r?.fields.cardStatus as { cards: { applications: { state: string; pin1Retries: number }[] }[] }).cards[0]!.applications[0]!;
  };
  assert.equal((await card()).state, 'pin1-or-upin-pin-required');
  assert.match(await at.at('AT+CPIN?'), /\+CPIN: SIM PIN/);
  assert.match(await at.at('AT+CIMI'), /\+CME ERROR: 11/);
  assert.match(await at.at('AT+CPIN="0000"'), /\+CME ERROR: 16/);
  assert.match(await at.at('AT+QPINC?'), /\+QPINC: "SC",2,10/);
  assert.equal((await card()).pin1Retries, 2);
  assert.equal(await servingState(q), 'not-registered');
  assert.match(await at.at('AT+CEREG=1'), /OK/);
  assert.match(await at.at(`AT+CPIN="${sim.model.state.sim.pin}"`), /\r\nOK\r\n/);
  assert.ok(await at.until(() => /\+CPIN: READY\r\n[\s\S]*\+CEREG: 1\r\n/.test(at.text())), at.text());
  assert.equal((await card()).state, 'ready');
  assert.match(await at.at('AT+CIMI'), new RegExp(sim.model.state.sim.imsi));
  await onlineAfterUnlock(q, at);
  // A reset asks for the PIN again; once given, the modem is back on the network.
  const again = await resetAndReopen(sim, at);
  try {
    assert.match(await again.at.at('AT+CPIN?'), /\+CPIN: SIM PIN/);
    assert.equal(await servingState(again.q), 'not-registered');
    assert.match(await again.at.at(`AT+CPIN="${sim.model.state.sim.pin}"`), /\r\nOK\r\n/);
    await onlineAfterUnlock(again.q, again.at);
  } finally { again.q.close(); again.at.close(); }
})));

test('sim-pin: three wrong PINs over QMI block to PUK, then AT says SIM PUK', () => withSim('ec25', 'sim-pin', (sim) => faces(sim, async (q, at) => {
  const dms = await q.allocate(DMS.id);
  const errors: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await q.request(DMS, DMS.messages.uimVerifyPin, { info: { pinId: 'pin', pin: '0000' } }, dms);
    errors.push(r?.result?.errorName ?? 'none');
  }
  assert.deepEqual(errors, ['incorrect-pin', 'incorrect-pin', 'pin-blocked']);
  assert.match(await at.at('AT+CPIN?'), /\+CPIN: SIM PUK/);
})));

test('sim-puk: QMI PIN1 blocked, AT +CPIN: SIM PUK; the PUK over AT sets a new PIN', () => withSim('ec25', 'sim-puk', (sim) => faces(sim, async (q, at) => {
  const dms = await q.allocate(DMS.id);
  const r = await q.request(DMS, DMS.messages.uimGetPinStatus, {}, dms);
  assert.equal((r?.fields.pin1Status as { currentStatus: string }).currentStatus, 'blocked');
  assert.match(await at.at('AT+CPIN?'), /\+CPIN: SIM PUK/);
  assert.equal(await servingState(q), 'not-registered');
  assert.match(await at.at(`AT+CPIN="${sim.model.state.sim.puk}","4321"`), /\r\nOK\r\n/);
  assert.match(await at.at('AT+CPIN?'), /\+CPIN: READY/);
  assert.equal(sim.model.state.sim.pin, '4321');
  await onlineAfterUnlock(q, at);
  const again = await resetAndReopen(sim, at);
  try {
    assert.match(await again.at.at('AT+CPIN?'), /\+CPIN: SIM PIN/);
    assert.match(await again.at.at('AT+CPIN="4321"'), /\r\nOK\r\n/);
    await onlineAfterUnlock(again.q, again.at);
  } finally { again.q.close(); again.at.close(); }
})));

test('sim-absent: no card over QMI, +CME ERROR: 10 over AT', () => withSim('ec25', 'sim-absent', (sim) => faces(sim, async (q, at) => {
  const dms = await q.allocate(DMS.id);
  const r = await q.request(DMS, DMS.messages.uimGetIccid, {}, dms);
  assert.equal(r?.result?.errorName, 'device-not-ready');
  assert.match(await at.at('AT+CPIN?'), /\+CME ERROR: 10/);
  assert.match(await at.at('AT+QSIMSTAT?'), /\+QSIMSTAT: 0,0/);
  assert.equal(await servingState(q), 'not-registered');
  assert.match(await at.at('AT+CEREG?'), /\+CEREG: 0,0\r\n/);
  // Without a card the call fails for lack of service (not a timeout, which would be null here).
  const start = await startNetwork(q);
  assert.equal(start?.result?.errorName, 'call-failed');
  assert.equal(start?.fields.callEndReason, 'generic-no-service');
})));

test('sim-blocked: PIN1 permanently blocked over QMI, no PIN or PUK accepted over AT', () => withSim('ec25', 'sim-blocked', (sim) => faces(sim, async (q, at) => {
  const dms = await q.allocate(DMS.id);
  const r = await q.request(DMS, DMS.messages.uimGetPinStatus, {}, dms);
  assert.deepEqual(r?.fields.pin1Status, { currentStatus: 'permanently-blocked', verifyRetriesLeft: 0, unblockRetriesLeft: 0 });
  assert.doesNotMatch(await at.at('AT+CPIN?'), /\+CPIN: (READY|SIM PIN)/);
  assert.match(await at.at(`AT+CPIN="${sim.model.state.sim.puk}","4321"`), /\+CME ERROR/);
  assert.equal(await servingState(q), 'not-registered');
})));

test('no-apn and wrong-apn: CALL_FAILED with 3GPP 33 / 27 over QMI, +CME ERROR over AT', async () => {
  for (const [scenario, reason, name, cme] of [['no-apn', 33, 'option-unsubscribed', 133], ['wrong-apn', 27, 'unknown-apn', 533]] as const) {
    await withSim('ec25', scenario, (sim) => faces(sim, async (q, at) => {
      const r = await startNetwork(q);
      assert.equal(r?.result?.errorName, 'call-failed');
      assert.deepEqual(r?.fields.verboseCallEndReason, { type: '3gpp', reason, name });
      assert.match(await at.at('AT+CGACT=1,1'), new RegExp(`\\+CME ERROR: ${cme}`));
    }));
  }
});

test('an APN written with +CGDCONT is QMI profile 1 and makes Start Network succeed', () => withSim('ec25', 'no-apn', (sim) => faces(sim, async (q, at) => {
  assert.match(await at.at('AT+CGDCONT=1,"IPV4V6","internet.it"'), /OK/);
  const wds = await q.allocate(WDS.id);
  const s = await q.request(WDS, WDS.messages.getProfileSettings, { profileId: { profileType: '3gpp', profileIndex: 1 } }, wds);
  assert.equal(s?.fields.apnName, 'internet.it');
  assert.equal(s?.fields.pdpType, 'ipv4-or-ipv6');
  const r = await q.request(WDS, WDS.messages.startNetwork, {}, wds);
  assert.equal(r?.result?.errorName, 'none');
  assert.match(await at.at('AT+CGPADDR=1'), /\+CGPADDR: 1,"10\.23\.154\.198"/);
})));

test('not-registered: searching over QMI, +CEREG 0,2 and +COPS: 0 over AT', () => withSim('ec25', 'not-registered', (sim) => faces(sim, async (q, at) => {
  const nas = await q.allocate(NAS.id);
  const r = await q.request(NAS, NAS.messages.getSystemInfo, {}, nas);
  assert.equal((r?.fields.lteServiceStatus as { serviceStatus: string }).serviceStatus, 'none');
  assert.match(await at.at('AT+CEREG?'), /\+CEREG: 0,2\r\n/);
  assert.match(await at.at('AT+COPS?'), /\+COPS: 0\r\n/);
  assert.match(await at.at('AT+QCSQ'), /NOSERVICE/);
})));

test('weak-signal: low RSRP over QMI, a low +CSQ and +QCSQ over AT', () => withSim('ec25', 'weak-signal', (sim) => faces(sim, async (q, at) => {
  const nas = await q.allocate(NAS.id);
  const r = await q.request(NAS, NAS.messages.getSignalInfo, {}, nas);
  assert.equal((r?.fields.lteSignalStrength as { rsrp: number }).rsrp, -121);
  assert.match(await at.at('AT+CSQ'), /\+CSQ: 5,99/);
  assert.match(await at.at('AT+QCSQ'), /\+QCSQ: "LTE",-103,-121,80,-18/);
})));

test('registration-denied: registration denied over QMI, +CEREG 0,3 over AT, no data call', () => withSim('ec25', 'registration-denied', (sim) => faces(sim, async (q, at) => {
  assert.equal(await servingState(q), 'registration-denied');
  assert.match(await at.at('AT+CEREG?'), /\+CEREG: 0,3\r\n/);
  assert.equal((await startNetwork(q))?.result?.errorName, 'call-failed');
})));

test('radio-off: low-power over QMI, +CFUN: 4 over AT, not registered; AT+CFUN=1 brings it back', () => withSim('ec25', 'radio-off', (sim) => faces(sim, async (q, at) => {
  const dms = await q.allocate(DMS.id);
  const r = await q.request(DMS, DMS.messages.getOperatingMode, {}, dms);
  assert.equal(r?.fields.mode, 'low-power');
  assert.match(await at.at('AT+CFUN?'), /\+CFUN: 4\r\n/);
  assert.equal(await servingState(q), 'not-registered');
  assert.match(await at.at('AT+CFUN=1'), /\r\nOK\r\n/);
  assert.equal(await servingState(q), 'registered');
})));

test('autoconnect-lock: NO_EFFECT over QMI, context already active over AT', () => withSim('ec25', 'autoconnect-lock', (sim) => faces(sim, async (q, at) => {
  assert.equal((await startNetwork(q))?.result?.errorName, 'no-effect');
  assert.match(await at.at('AT+CGACT?'), /\+CGACT: 1,1/);
})));

test('wrong-usbnet: no QMI port, cdc_ether in the kernel view, +QCFG says ECM', () => withSim('ec25', 'wrong-usbnet', async (sim) => {
  assert.equal(sim.ports.qmi, null);
  const desc = fs.readFileSync(sim.umockdevPath, 'utf8');
  assert.match(desc, /DRIVER=cdc_ether/);
  assert.doesNotMatch(desc, /cdc-wdm/);
  const at = new PtyClient(sim.ports.at[0]!);
  assert.match(await at.at('AT+QCFG="usbnet"'), /\+QCFG: "usbnet",1/);
  at.close();
}));

test('wrong-usbnet on MC7455 and SIM7600: their own non-QMI compositions', async () => {
  await withSim('mc7455', 'wrong-usbnet', async (sim) => {
    assert.equal(sim.ports.qmi, null);
    const at = new PtyClient(sim.ports.at[0]!);
    await at.at('AT!ENTERCND="A710"');
    assert.match(await at.at('AT!USBCOMP?'), /Interface bitmask: 0000100D/);
    at.close();
  });
  await withSim('sim7600', 'wrong-usbnet', async (sim) => {
    assert.equal(sim.ports.qmi, null);
    assert.match(fs.readFileSync(sim.umockdevPath, 'utf8'), /A: idProduct=9011/);
  });
});

test('unresponsive: neither QMI nor AT answers', () => withSim('ec25', 'unresponsive', (sim) => faces(sim, async (q, at) => {
  const r = await q.request(DMS, DMS.messages.getIds, {}, 0, 400);
  assert.equal(r, null);
  assert.equal(await at.at('AT', 400), '');
  assert.equal(at.data.length, 0);
})));

test('garbage: noise before QMI frames and AT lines, the answers still inside', () => withSim('ec25', 'garbage', (sim) => faces(sim, async (q, at) => {
  const cid = await q.allocate(DMS.id);
  const r = await q.request(DMS, DMS.messages.getIds, {}, cid);
  assert.equal(r?.fields.imei, sim.model.state.identity.imei);
  assert.ok(q.garbage.length > 0, 'the frame reader saw noise');
  at.clear();
  at.write('ATE0\r');
  await at.until(() => at.text().includes('OK\r\n'));
  const reply = await at.at('AT+CSQ');
  assert.match(reply, /\+CSQ: \d+,99\r\n/);
  assert.doesNotMatch(reply, /^\r\n/, 'noise comes before the first line break');
})));

// Linux hangs the slave up when the master goes: reads then see end-of-file, writes fail with EIO.
test('unplug: ports vanish mid-session: reads end, writes fail with EIO', () => withSim('ec25', 'unplug', (sim) => faces(sim, async (q, at) => {
  // Saved now: once unplugged the simulator lists no ports.
  const atPath = sim.ports.at[0]!;
  const qmiPath = sim.ports.qmi!;
  assert.ok(fs.existsSync(atPath) && fs.existsSync(qmiPath));
  assert.match(await at.at('AT'), /OK/);
  assert.equal(at.writeError('AT\r'), null);
  sim.unplug();
  assert.ok(await at.until(() => at.ended || at.error !== null, 3000));
  assert.equal(at.writeError('AT\r'), 'EIO');
  assert.ok(await q.c.until(() => q.c.ended || q.c.error !== null, 3000));
  assert.equal(q.c.writeError(Buffer.from([1]).toString('latin1')), 'EIO');
  assert.equal(fs.existsSync(atPath), false, 'the AT node is gone');
  assert.equal(fs.existsSync(qmiPath), false, 'the QMI node is gone');
  assert.deepEqual(sim.ports.at, []);
  assert.equal(sim.ports.qmi, null);
}), { unplugAfterMs: null }));

test('unplug scenario pulls the device by itself after its delay', () => withSim('ec25', 'unplug', async (sim) => {
  const gone = await new Promise<boolean>((resolve) => {
    const t = setTimeout(() => resolve(false), 10000);
    sim.once('unplugged', () => { clearTimeout(t); resolve(true); });
  });
  assert.equal(gone, true, 'unplugged by itself (within 10 s of a 200 ms delay)');
  assert.deepEqual(sim.ports.at, []);
}, { unplugAfterMs: 200, booted: false }));

test('the home network takes its own APN and every data APN the provider database lists for 222/88', async () => {
  const { loadProviderIndex, BUNDLED_DATABASE } = await import('../../main/apn/load-database.ts');
  const { suggestApns } = await import('../../main/apn/suggest.ts');
  const index = await loadProviderIndex({ path: BUNDLED_DATABASE });
  const data = suggestApns(index, { mcc: '222', mnc: '88' }).suggestions.filter((s) => s.usage === 'internet' || s.usage === 'unspecified').map((s) => s.apn);
  assert.ok(data.includes('internet.wind'), `the database lists ${data.join(', ')}`);
  for (const p of Object.values(PROFILES)) {
    const valid = buildScenario('seed', p).state.network.validApns;
    for (const apn of [...data, 'internet.it']) assert.ok(valid.includes(apn), `${p.id} accepts ${apn}`);
  }
});
