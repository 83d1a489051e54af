// The device table is data: these tests keep it consistent (ids, roles, sources, switches), pin
// its size so a lost or doubled row is noticed, and check it against the simulator's profiles,
// which were written from the same sources by hand: two copies of one fact must agree.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deviceTable, lookupModule, lookupStorageMode, TABLE_ROLES, validateTable, DeviceTableError } from '../../main/discovery/device-table.ts';
import { deviceNodes } from '../../main/simulator/umockdev.ts';
import { PROFILES } from '../../main/simulator/profiles/index.ts';

const t = deviceTable();

test('71 modules, 185 compositions, each module citing at least one source', () => {
  assert.equal(t.modules.length, 71);
  assert.equal(t.modules.reduce((n, m) => n + m.compositions.length, 0), 185);
  assert.deepEqual(t.modules.map((m) => m.row), Array.from({ length: 71 }, (_, i) => i + 1), 'rows 1..71 in order');
  for (const m of t.modules) assert.ok(m.sources.length > 0, `${m.id} cites a source`);
  assert.equal(new Set(t.modules.map((m) => m.id)).size, 71, 'module ids are unique');
});

test('sources name primary documents (kernel drivers, ModemManager rules, manuals, usb_modeswitch data), never a notes file', () => {
  const all = [...t.modules.flatMap((m) => m.sources), ...Object.values(t.compositionSwitches).flatMap((s) => s.sources), ...t.storageModes.flatMap((s) => s.sources)];
  for (const s of all) {
    assert.match(s, /^(Linux drivers\/|ModemManager src\/plugins\/|public report: |usb-modeswitch-data |Quectel |Sierra |SIMCom |Telit |Fibocom |Huawei )/, s);
    assert.doesNotMatch(s, /\.md\b|shared\//, s);
  }
});

test('every VID:PID appears in one module only, and never also as a storage mode', () => {
  const seen = new Map<string, string>();
  for (const m of t.modules) {
    for (const c of m.compositions) {
      const id = `${c.vid}:${c.pid}`;
      assert.ok(!seen.has(id), `${id} in ${m.id} and ${seen.get(id)}`);
      seen.set(id, m.id);
    }
  }
  for (const s of t.storageModes) assert.ok(!seen.has(`${s.vid}:${s.pid}`), `${s.vid}:${s.pid} is a storage mode`);
});

test('roles are from the vocabulary, interface numbers are USB interface numbers, switches exist', () => {
  for (const m of t.modules) {
    if (m.switch) assert.ok(t.compositionSwitches[m.switch], `${m.id}: switch ${m.switch}`);
    for (const c of m.compositions) {
      for (const [n, r] of Object.entries(c.ports)) {
        assert.ok(TABLE_ROLES.includes(r), `${m.id} ${c.pid} if${n}: ${r}`);
        assert.ok(Number(n) >= 0 && Number(n) < 32, `${m.id}: interface ${n}`);
      }
      const at = Object.values(c.ports).filter((r) => r === 'at').length;
      assert.ok(at <= 1, `${m.id} ${c.vid}:${c.pid} has one primary AT port at most`);
    }
  }
});

test('the simulator profiles and the table give every port the same role', () => {
  for (const p of Object.values(PROFILES)) {
    const layout = p.layout(p.composition.defaultValue);
    const match = lookupModule(p.vid, layout.pid);
    assert.ok(match, `${p.id} is in the table`);
    for (const node of deviceNodes(layout)) {
      const tableRole = match.composition.ports[String(node.interfaceNumber)];
      const want = node.role === 'at' ? ['at', 'at-secondary'] : [node.role];
      assert.ok(want.includes(String(tableRole)), `${p.id} ${node.name} (if ${node.interfaceNumber}): profile ${node.role}, table ${tableRole}`);
    }
  }
});

test('facts users hit: EC25 NMEA on if1, Sierra AT on if3 and QMI on 8, SIM7600 audio on 4, a Huawei stick in storage mode', () => {
  assert.equal(lookupModule(0x2c7c, 0x0125)?.composition.ports['1'], 'nmea');
  assert.equal(lookupModule(0x1199, 0x9071)?.composition.ports['3'], 'at');
  assert.equal(lookupModule(0x1199, 0x9071)?.composition.ports['8'], 'qmi');
  assert.equal(lookupModule(0x1e0e, 0x9001)?.composition.ports['4'], 'audio');
  assert.equal(lookupModule(0x1199, 0x9070)?.composition.mode, 'boot');
  assert.match(lookupStorageMode(0x12d1, 0x1f01)?.fix ?? '', /usb_modeswitch/);
  assert.equal(lookupModule(0xdead, 0xbeef), undefined);
});

test('a malformed table is a DeviceTableError naming the fault', () => {
  const good = structuredClone(t);
  const bad = structuredClone(t);
  bad.modules[0]!.compositions[0]!.ports['2'] = 'modem' as never;
  assert.throws(() => validateTable(bad), (e: unknown) => e instanceof DeviceTableError && /unknown role modem/.test(e.message));
  const noSource = structuredClone(good);
  noSource.modules[3]!.sources = [];
  assert.throws(() => validateTable(noSource), /cites at least one source/);
  const badId = structuredClone(good);
  badId.modules[1]!.compositions[0]!.pid = '12345';
  assert.throws(() => validateTable(badId), /bad id/);
  assert.throws(() => validateTable(null), /no modules/);
  assert.doesNotThrow(() => validateTable(good));
});
