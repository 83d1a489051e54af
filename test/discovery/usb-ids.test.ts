// Vendor names from usb.ids: the system's file first, the shipped vendor lines without it.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadVendorNames, parseUsbIdsVendors } from '../../main/discovery/usb-ids.ts';

test('vendor lines only: product and interface lines, comments and the class list are skipped', () => {
  const map = parseUsbIdsVendors('# comment\n1199  Sierra Wireless, Inc.\n\t9071  EM7455\n\t\t00  iface\n2c7c  Quectel Wireless Solutions Co., Ltd.\nC 02  Communications\n0001  not a vendor\n');
  assert.deepEqual([...map], [[0x1199, 'Sierra Wireless, Inc.'], [0x2c7c, 'Quectel Wireless Solutions Co., Ltd.']]);
});

test('the system file wins; without one the shipped copy answers; with neither, no names', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-ids-'));
  try {
    const system = path.join(dir, 'usb.ids');
    fs.writeFileSync(system, '2c7c  Quectel (system copy)\n');
    const missing = path.join(dir, 'missing.ids');
    const shipped = new URL('../../main/discovery/data/usb-vendors.ids', import.meta.url);
    assert.equal(loadVendorNames([missing, system, shipped]).name(0x2c7c), 'Quectel (system copy)');
    const fallback = loadVendorNames([missing, shipped]);
    assert.equal(fallback.source, 'shipped usb-vendors.ids');
    assert.equal(fallback.name(0x2c7c), 'Quectel Wireless Solutions Co., Ltd.');
    assert.equal(fallback.name(0x1199), 'Sierra Wireless, Inc.');
    assert.equal(fallback.name(0x12d1), 'Huawei Technologies Co., Ltd.');
    assert.equal(loadVendorNames([missing]).name(0x2c7c), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the shipped copy holds only vendor lines, with its licence beside it', () => {
  const text = fs.readFileSync(new URL('../../main/discovery/data/usb-vendors.ids', import.meta.url), 'utf8');
  const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
  assert.ok(lines.length > 3000, `${lines.length} vendors`);
  for (const l of lines) assert.match(l, /^[0-9a-f]{4} {2}\S/);
  const licence = fs.readFileSync(new URL('../../main/discovery/data/usb-vendors.LICENSE', import.meta.url), 'utf8');
  assert.match(licence, /3-clause BSD License/);
});
