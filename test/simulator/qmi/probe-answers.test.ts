// What a real ModemManager asks the virtual modem while probing and enabling, answered from the
// modem's state through our own QMI client on the PTY: each message's values must be the
// scenario's, and a change of state must show in the next answer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openQmiPort } from '../../../main/system/open-qmi.ts';
import { DMS, NAS, UIM, WDS } from '../../../main/qmi/services/index.ts';
import type { QmiClient } from '../../../main/qmi/client.ts';
import type { Simulator } from '../../../main/simulator/simulator.ts';
import { withSim } from '../support.ts';

const USIM_SESSION = { sessionType: 'primary-gw-provisioning', applicationIdentifier: '' } as const;
const ADF_USIM_PATH = '003fff7f';

function withQmi(profile: string, scenario: string, fn: (c: QmiClient, s: Simulator) => Promise<void>): Promise<void> {
  return withSim(profile, scenario, async (s) => {
    const c = await openQmiPort({ device: s.ports.qmi!, proxy: false, releaseOnSignals: false });
    try {
      await fn(c, s);
    } finally {
      await c.close();
    }
  });
}

test('DMS Get Hardware Revision answers each profile\'s board revision', async () => {
  for (const [profile, hw] of [['ec25', '10000'], ['mc7455', '1.0']] as const) {
    await withQmi(profile, 'healthy', async (c, s) => {
      const r = await c.request(DMS, DMS.messages.getHardwareRevision);
      assert.equal(r.ok, true, r.result.errorName);
      assert.equal(r.fields.revision, hw);
      assert.equal(r.fields.revision, s.model.state.identity.hardwareRevision);
    });
  }
});

test('NAS Get PLMN Name names the serving PLMN and knows no other', () => withQmi('ec25', 'healthy', async (c, s) => {
  const n = s.model.state.network;
  const r = await c.request(NAS, NAS.messages.getPlmnName, { plmn: { mcc: n.mcc, mnc: n.mnc } });
  assert.equal(r.ok, true, r.result.errorName);
  const name = r.fields.eonsPlmnName3gpp!;
  assert.equal(Buffer.from(name.longName, 'hex').toString('latin1'), n.operatorName);
  assert.equal(Buffer.from(name.shortName, 'hex').toString('latin1'), n.operatorName);
  const other = await c.request(NAS, NAS.messages.getPlmnName, { plmn: { mcc: 262, mnc: 1 } });
  assert.equal(other.result.errorName, 'information-unavailable');
}));

test('NAS Get RF Band Information: the serving LTE band and EARFCN while registered, nothing while searching', async () => {
  await withQmi('ec25', 'healthy', async (c, s) => {
    const r = await c.request(NAS, NAS.messages.getRfBandInformation);
    assert.equal(r.ok, true, r.result.errorName);
    // QmiNasActiveBand 122 = eutran-3.
    assert.deepEqual(r.fields.list, [{ radioInterface: 'lte', activeBandClass: 122, activeChannel: s.model.state.network.earfcn }]);
  });
  await withQmi('ec25', 'not-registered', async (c) => {
    const r = await c.request(NAS, NAS.messages.getRfBandInformation);
    assert.equal(r.result.errorName, 'information-unavailable');
  });
});

test('NAS Get System Selection Preference and DMS Get Band Capabilities carry the same LTE bands', () => withQmi('ec25', 'healthy', async (c) => {
  const pref = await c.request(NAS, NAS.messages.getSystemSelectionPreference);
  const caps = await c.request(DMS, DMS.messages.getBandCapabilities);
  assert.equal(pref.ok && caps.ok, true);
  const bands = (mask: bigint) => [...Array(64).keys()].filter((i) => (mask >> BigInt(i)) & 1n).map((i) => i + 1);
  assert.deepEqual(bands(pref.fields.lteBandPreference!), [1, 3, 5, 7, 8, 20, 28, 38, 40, 41]);
  assert.equal(pref.fields.lteBandPreference, caps.fields.lteBandCapability);
  assert.deepEqual(caps.fields.extendedLteBandCapability, bands(caps.fields.lteBandCapability!));
  assert.equal(pref.fields.bandPreference, caps.fields.bandCapability);
}));

test('UIM Get Slot Status: one active slot with the card\'s ICCID, empty when the SIM is absent', async () => {
  await withQmi('ec25', 'healthy', async (c, s) => {
    const r = await c.request(UIM, UIM.messages.getSlotStatus);
    assert.equal(r.ok, true, r.result.errorName);
    const slot = r.fields.physicalSlotStatus![0]!;
    assert.equal(slot.physicalCardStatus, 'present');
    assert.equal(slot.physicalSlotStatus, 'active');
    // BCD with swapped nibbles: "8939..." is stored as 98 93 ...
    const digits = slot.iccid.replace(/(.)(.)/g, '$2$1').replace(/f$/, '');
    assert.equal(digits, s.model.state.sim.iccid);
  });
  await withQmi('ec25', 'sim-absent', async (c) => {
    const r = await c.request(UIM, UIM.messages.getSlotStatus);
    assert.equal(r.fields.physicalSlotStatus?.[0]?.physicalCardStatus, 'absent');
    assert.equal(r.fields.physicalSlotStatus?.[0]?.iccid, '');
  });
});

test('UIM Read Transparent reads EF GID1 and GID2 from the card, part of a file by offset, and says file-not-found otherwise', () => withQmi('ec25', 'healthy', async (c, s) => {
  const read = (fileId: number, offset = 0, length = 0) => c.request(UIM, UIM.messages.readTransparent, {
    session: USIM_SESSION, file: { fileId, filePath: ADF_USIM_PATH }, readInformation: { offset, length },
  });
  const gid1 = await read(0x6f3e);
  assert.equal(gid1.ok, true, gid1.result.errorName);
  assert.equal(gid1.fields.readResult, s.model.state.sim.gid1);
  assert.deepEqual(gid1.fields.cardResult, { sw1: 0x90, sw2: 0x00 });
  assert.equal((await read(0x6f3f)).fields.readResult, s.model.state.sim.gid2);
  s.model.state.sim.gid1 = '0102030405';
  assert.equal((await read(0x6f3e, 1, 2)).fields.readResult, '0203');
  const missing = await read(0x6f99);
  assert.equal(missing.result.errorName, 'sim-file-not-found');
  assert.deepEqual(missing.fields.cardResult, { sw1: 0x6a, sw2: 0x82 });
  const rec = await c.request(UIM, UIM.messages.readRecord, {
    session: USIM_SESSION, file: { fileId: 0x6f40, filePath: ADF_USIM_PATH }, record: { recordNumber: 1, recordLength: 0 },
  });
  assert.equal(rec.result.errorName, 'sim-file-not-found');
}));

test('WDS Indication Register succeeds; Get Packet Statistics reports the model\'s counters', () => withQmi('ec25', 'seed', async (c, s) => {
  const reg = await c.request(WDS, WDS.messages.indicationRegister);
  assert.equal(reg.ok, true, reg.result.errorName);
  const r = await c.request(WDS, WDS.messages.getPacketStatistics, { mask: ['tx-packets-ok', 'rx-packets-ok', 'tx-bytes-ok', 'rx-bytes-ok'] });
  assert.equal(r.ok, true, r.result.errorName);
  const st = s.model.state.stats;
  // The seed's symptom as the modem counts it: packets go out, none come back.
  assert.equal(r.fields.txPacketsOk, st.txPackets);
  assert.ok(st.txPackets > 0);
  assert.equal(r.fields.rxPacketsOk, 0);
  assert.equal(r.fields.txBytesOk, BigInt(st.txBytes));
}));
