// SIM, radio and network rules: the fix offers (secrets, --force on the last attempt), FCC-locked
// laptop modules, causality (a locked SIM or a radio that is off is the only finding), and no
// finding when the fact is absent.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Facts } from '../../../main/doctor/facts.ts';
import { evaluateRules } from '../../../main/doctor/rules/index.ts';
import { PROFILES } from '../../../main/simulator/profiles/index.ts';
import { bareFacts, fact, scenarioFacts } from './fixtures.ts';

const EC25 = PROFILES.ec25!;
const ids = (f: Facts) => evaluateRules(f).map((x) => x.id).sort();
const one = (f: Facts, id: string) => evaluateRules(f).find((x) => x.id === id);

test('no facts beyond reach: no finding at all', () => {
  assert.deepEqual(evaluateRules(bareFacts()), []);
});

test('sim-pin-required asks for the PIN as a secret; --force only when one attempt is left', () => {
  const f = scenarioFacts('sim-pin', EC25);
  const pin = one(f, 'sim-pin-required')!;
  assert.deepEqual(pin.fixes.map((x) => [x.fix, x.secrets, x.needsForce]), [['unlock-sim', ['pin'], undefined]]);
  assert.match(pin.explanation, /3 attempts left/);
  f.sim!.value.pinLeft = 1;
  const last = one(f, 'sim-pin-required')!;
  assert.match(last.fixes[0]!.needsForce ?? '', /one PIN attempt is left/);
  assert.match(last.explanation, /1 attempt left/);
});

test('sim-puk-required asks for the PUK and a new PIN; --force on the last PUK attempt', () => {
  const f = scenarioFacts('sim-puk', EC25);
  assert.deepEqual(one(f, 'sim-puk-required')!.fixes[0]!.secrets, ['puk', 'new-pin']);
  assert.equal(one(f, 'sim-puk-required')!.fixes[0]!.needsForce, undefined);
  f.sim!.value.pukLeft = 1;
  assert.match(one(f, 'sim-puk-required')!.fixes[0]!.needsForce ?? '', /PUK/);
});

test('sim-blocked and sim-absent offer no fix (only the provider or the user\'s hands help)', () => {
  assert.deepEqual(one(scenarioFacts('sim-blocked', EC25), 'sim-blocked')!.fixes, []);
  assert.deepEqual(one(scenarioFacts('sim-absent', EC25), 'sim-absent')!.fixes, []);
});

test('a locked SIM that also reads as searching with no signal: only the SIM finding', () => {
  const f = scenarioFacts('sim-pin', EC25);
  f.registration = fact({ state: 'searching' as const });
  f.signal = fact({ rsrp: -140, snr: -20, quality: 'none' as const });
  assert.deepEqual(ids(f), ['sim-pin-required']);
});

test('radio-off silences not-registered and weak-signal, and offers radio-on', () => {
  const f = scenarioFacts('radio-off', EC25);
  f.signal = fact({ rsrp: -140, quality: 'none' as const });
  assert.deepEqual(ids(f), ['radio-off']);
  const r = one(f, 'radio-off')!;
  assert.deepEqual(r.fixes.map((x) => x.fix), ['radio-on']);
  assert.match(r.explanation, /low-power/);
});

test('an FCC-locked laptop module is named as such, with the vendor\'s route and no unlock of ours', () => {
  const f = scenarioFacts('radio-off', EC25);
  f.device = fact({ model: 'T99W175', usb: { vid: 0x105b, pid: 0xe0ab } });
  const r = one(f, 'radio-off')!;
  assert.match(r.title, /FCC locked/);
  assert.match(r.explanation, /fcc-unlock\.available\.d\/105b/);
  assert.deepEqual(r.fixes, []);
  // The modem itself says so (QMI DMS hardware-restricted), whatever the vendor.
  const g = scenarioFacts('radio-off', EC25);
  g.radio!.value.hardwareRestricted = true;
  assert.match(one(g, 'radio-off')!.title, /FCC locked/);
  // The same vendor online: nothing.
  const h = scenarioFacts('healthy', EC25);
  h.device = fact({ usb: { vid: 0x105b, pid: 0xe0ab } });
  assert.deepEqual(ids(h), []);
});

test('registration-denied names the reject cause in words', () => {
  const f = scenarioFacts('registration-denied', EC25);
  // As the probes read it once the SIM is ready: the network's refusal, with its cause.
  f.registration = fact({ state: 'denied' as const, rejectCause: 11, mcc: 222, mnc: 88 });
  const d = one(f, 'registration-denied')!;
  assert.match(d.explanation, /#11: this network \(PLMN\) is not allowed/);
  assert.deepEqual(ids(f), ['registration-denied']);
});

test('weak-signal from the numbers (RSRP -121 dBm, SNR -4 dB), not on a healthy -92 dBm / 12 dB', () => {
  const f = scenarioFacts('weak-signal', EC25);
  const w = one(f, 'weak-signal')!;
  assert.equal(w.severity, 'warning');
  assert.match(w.explanation, /RSRP -121 dBm/);
  assert.deepEqual(ids(scenarioFacts('healthy', EC25)), []);
  // GSM/UMTS: RSSI only.
  const g = scenarioFacts('healthy', EC25);
  g.signal = fact({ rat: 'umts' as const, rssi: -105, quality: 'poor' as const });
  assert.deepEqual(ids(g), ['weak-signal']);
});

test('not-registered tells the signal when it explains it; nothing when registration is unknown or absent', () => {
  const f = scenarioFacts('not-registered', EC25);
  // The probes read "searching" once the SIM is ready and the radio on.
  f.registration = fact({ state: 'searching' as const });
  const n = one(f, 'not-registered')!;
  assert.match(n.explanation, /absent/);
  assert.deepEqual(ids(f), ['not-registered']);
  f.registration = fact({ state: 'unknown' as const });
  assert.deepEqual(ids(f), []);
  delete f.registration;
  assert.deepEqual(ids(f), []);
});
