// A fleet (`simulate --count N`) is N distinct modems: IMEI, ICCID, IMSI, USB serial and USB
// port differ per modem; modem 0 keeps the documented identities.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE_ICCID, BASE_IMSI, BASE_USB_SERIAL, luhnCheckDigit, luhnValid, modemIdentity } from '../../main/simulator/identity.ts';
import { PROFILES } from '../../main/simulator/profiles/index.ts';
import { healthyState } from '../../main/simulator/scenarios.ts';
import { umockdevDescription } from '../../main/simulator/umockdev.ts';

test('Luhn: known check digits (an ITU-T E.118 / TS 23.003 example and a profile IMEI)', () => {
  assert.equal(luhnCheckDigit('7992739871'), '3');
  assert.ok(luhnValid('359073060123456'));
  assert.ok(!luhnValid('359073060123457'));
});

test('modem 0 keeps the documented identities', () => {
  for (const p of Object.values(PROFILES)) {
    assert.deepEqual(modemIdentity(p, 0), { imei: p.imei, iccid: BASE_ICCID, imsi: BASE_IMSI, usbSerial: BASE_USB_SERIAL });
  }
});

test('modems 1..N: distinct, Luhn-valid IMEIs of the same TAC, plausible ICCIDs and IMSIs of the same operator', () => {
  for (const p of Object.values(PROFILES)) {
    const ids = Array.from({ length: 40 }, (_, i) => modemIdentity(p, i));
    for (const key of ['imei', 'iccid', 'imsi', 'usbSerial'] as const) {
      assert.equal(new Set(ids.map((id) => id[key])).size, ids.length, `${p.id} ${key} distinct`);
    }
    for (const id of ids.slice(1)) {
      assert.match(id.imei, /^\d{15}$/);
      assert.ok(luhnValid(id.imei), id.imei);
      assert.equal(id.imei.slice(0, 8), p.imei.slice(0, 8), 'same TAC: same model');
      assert.match(id.iccid, /^89398800\d{12}$/);
      assert.ok(luhnValid(id.iccid), id.iccid);
      assert.match(id.imsi, /^22288\d{10}$/);
      assert.match(id.usbSerial, /^[0-9A-F]{16}$/);
    }
  }
});

test('the kernel view of modem 1 sits on another USB port with its own serial', () => {
  const p = PROFILES.ec25!;
  const d0 = umockdevDescription(p, healthyState(p, 0), 0);
  const d1 = umockdevDescription(p, healthyState(p, 1), 1);
  assert.match(d0, /^P: \/devices\/pci0000:00\/0000:00:14\.0\/usb1\/1-1$/m);
  assert.match(d0, /^A: serial=0123456789ABCDEF$/m);
  assert.match(d1, /^P: \/devices\/pci0000:00\/0000:00:14\.0\/usb1\/1-2$/m);
  assert.match(d1, /^P: \/devices\/pci0000:00\/0000:00:14\.0\/usb1\/1-2\/1-2:1\.4\/usbmisc\/cdc-wdm0$/m);
  assert.doesNotMatch(d1, /usb1\/1-1/);
  assert.match(d1, new RegExp(`^A: serial=${healthyState(p, 1).identity.usbSerial}$`, 'm'));
  assert.notEqual(healthyState(p, 1).identity.usbSerial, BASE_USB_SERIAL);
  const macs = (d: string): string[] => [...d.matchAll(/^A: address=(.*)$/gm)].map((m) => m[1]!);
  assert.notDeepEqual(macs(d0), macs(d1));
});
