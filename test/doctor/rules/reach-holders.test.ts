// Reaching the modem: unresponsive (what was tried), ModemManager and other holders, permissions,
// an AT console on the NMEA port, storage mode; none of them from facts that do not show it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Facts } from '../../../main/doctor/facts.ts';
import { evaluateRules } from '../../../main/doctor/rules/index.ts';
import { PROFILES } from '../../../main/simulator/profiles/index.ts';
import { bareFacts, fact, scenarioFacts } from './fixtures.ts';

const EC25 = PROFILES.ec25!;
const ids = (f: Facts) => evaluateRules(f).map((x) => x.id).sort();
const one = (f: Facts, id: string) => evaluateRules(f).find((x) => x.id === id);

test('modem-unresponsive says what was tried; a held or denied port is not "unresponsive"', () => {
  const f = scenarioFacts('unresponsive', EC25);
  const u = one(f, 'modem-unresponsive')!;
  assert.match(u.explanation, /QMI on \/dev\/cdc-wdm0: no answer; AT on \/dev\/ttyUSB2: no answer/);
  assert.match(u.explanation, /unplug it/);
  f.reach.value.qmi!.answer = 'held';
  f.ports!.value[0]!.owners = [{ pid: 812, command: 'ModemManager' }];
  assert.deepEqual(ids(f), ['modemmanager-holds-device']);
  // No port at all (unplugged, storage mode): not this finding either.
  const g = bareFacts();
  g.reach = fact({ at: [{ path: '/dev/ttyUSB2', answer: 'absent' as const }] }, 'doctor');
  assert.deepEqual(ids(g), []);
});

test('modemmanager-holds-device: an error when it blocks the doctor, a warning through qmi-proxy; fix inhibits', () => {
  const f = scenarioFacts('healthy', EC25);
  f.ports!.value[0]!.owners = [{ pid: 812, command: 'ModemManager' }];
  f.reach.value.qmi!.answer = 'held';
  const m = one(f, 'modemmanager-holds-device')!;
  assert.equal(m.severity, 'error');
  assert.deepEqual(m.fixes.map((x) => [x.fix, x.options]), [['free-device', { method: 'inhibit' }]]);
  assert.match(m.evidence[0]!.text, /ModemManager \(pid 812\)/);
  const g = scenarioFacts('healthy', EC25);
  g.reach.value.qmi!.via = 'qmi-proxy';
  g.modemManager = fact({ running: true, version: '1.22.0', modem: { path: '/org/freedesktop/ModemManager1/Modem/0', state: 'registered', ports: ['cdc-wdm0'] } }, 'dbus', 0);
  const w = one(g, 'modemmanager-holds-device')!;
  assert.equal(w.severity, 'warning');
  assert.match(w.explanation, /qmi-proxy/);
  // ModemManager running without this modem: nothing.
  g.modemManager = fact({ running: true }, 'dbus', 0);
  assert.deepEqual(ids(g), []);
});

test('port-busy names the process and its pid', () => {
  const f = scenarioFacts('healthy', EC25);
  f.ports!.value[1]!.owners = [{ pid: 4242, command: 'minicom' }];
  const b = one(f, 'port-busy')!;
  assert.match(b.title, /minicom/);
  assert.match(b.explanation, /\/dev\/ttyUSB2 \(at\) is open in minicom \(pid 4242\)/);
  assert.equal(b.severity, 'warning');
  f.reach.value.at[0]!.answer = 'held';
  assert.equal(one(f, 'port-busy')!.severity, 'error');
});

test('permission-denied carries the access check\'s reason and advice', () => {
  const f = scenarioFacts('healthy', EC25);
  f.ports!.value[1]!.access = { ok: false, reason: 'owned by root:dialout, mode 0660; you are not in dialout', fix: 'sudo usermod -aG dialout $USER, then log in again' };
  const p = one(f, 'permission-denied')!;
  assert.match(p.explanation, /you are not in dialout.*usermod -aG dialout/);
  // Refused at open time without a ports fact.
  const g = bareFacts();
  g.reach.value.qmi!.answer = 'denied';
  assert.deepEqual(ids(g), ['permission-denied']);
});

test('wrong-at-port: an AT console on the EC25\'s NMEA port (the device table\'s notAt), naming the port that answers', () => {
  const f = scenarioFacts('healthy', EC25);
  f.reach = fact({ qmi: { path: '/dev/cdc-wdm0', answer: 'answered' as const }, at: [
    { path: '/dev/ttyUSB1', answer: 'silent' as const, role: 'nmea', detail: '$GPGSV sentences, no OK' },
    { path: '/dev/ttyUSB2', answer: 'answered' as const, role: 'at' },
  ], atUsed: '/dev/ttyUSB2' }, 'doctor');
  const w = one(f, 'wrong-at-port')!;
  assert.equal(w.severity, 'warning');
  assert.match(w.title, /use \/dev\/ttyUSB2/);
  assert.match(w.explanation, /NMEA port only streams GPS sentences/);
  assert.deepEqual(ids(f), ['wrong-at-port']);
  // A silent AT candidate of role "at" is not a wrong port (the scenario "unresponsive" covers it).
  f.reach.value.at[0]!.role = 'at';
  assert.equal(one(f, 'wrong-at-port'), undefined);
});

test('modem-in-storage-mode from the USB id discovery recognised; a modem-mode id is no finding', () => {
  const f = bareFacts();
  f.reach = fact({ at: [] }, 'doctor');
  f.device = fact({ usb: { vid: 0x05c6, pid: 0x1000, mode: 'storage' as const } }, 'usb', 0);
  const s = one(f, 'modem-in-storage-mode')!;
  assert.match(s.explanation, /usb-modeswitch/);
  assert.match(s.evidence[0]!.text, /05c6:1000/);
  f.device = fact({ usb: { vid: 0x2c7c, pid: 0x0125, mode: 'modem' as const } }, 'usb', 0);
  assert.deepEqual(ids(f), []);
});
