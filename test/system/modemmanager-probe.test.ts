// A real ModemManager (Debian's 1.20) probes our virtual modems over QMI and reports the
// simulator's identity, then enables them (`mmcli --enable`) and sees them registered: the udev tags in the simulator's description, the replies the simulator
// gives to what MM asks, and the harness's private world all have to be right for this to pass.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { skipUnlessModemManagerWorld, startModemManagerWorld } from '../support/modemmanager-harness.ts';

const skip = skipUnlessModemManagerWorld();

for (const c of [
  { profile: 'ec25', plugin: 'quectel', drivers: ['option', 'qmi_wwan'], ports: { 'cdc-wdm0': 'qmi', ttyUSB0: 'qcdm', ttyUSB1: 'gps', ttyUSB2: 'at', ttyUSB3: 'at' } },
  { profile: 'mc7455', plugin: 'sierra', drivers: ['qcserial', 'qmi_wwan'], ports: { 'cdc-wdm0': 'qmi', ttyUSB0: 'qcdm', ttyUSB1: 'gps', ttyUSB2: 'at' } },
  { profile: 'sim7600', plugin: 'simtech', drivers: ['option', 'qmi_wwan'], ports: { 'cdc-wdm0': 'qmi', ttyUSB0: 'ignored', ttyUSB1: 'gps', ttyUSB2: 'at', ttyUSB3: 'at', ttyUSB4: 'audio' } },
]) {
  test(`ModemManager probes and enables the virtual ${c.profile} over QMI: its identity, then registered on its network`, { skip, timeout: 90000 }, async (t) => {
    const world = await startModemManagerWorld({ profile: c.profile });
    try {
      const modem = await world.waitForModem();
      t.diagnostic(`${c.profile}: ModemManager listed the modem ${world.firstProbeMs} ms after it started`);
      const p = world.sim.profile;
      // Through our D-Bus reader...
      assert.equal(modem.model, p.model);
      assert.equal(modem.equipmentId, world.sim.model.state.identity.imei);
      assert.equal(modem.plugin, c.plugin);
      assert.equal(modem.primaryPort, 'cdc-wdm0', 'MM drives the modem over QMI');
      // ...and through MM's own client, as a user would look.
      const r = await world.mmcli(['-J', '-m', modem.path]);
      assert.equal(r.code, 0, r.stderr);
      const m = (JSON.parse(r.stdout) as { modem: { generic: Record<string, unknown>; '3gpp': Record<string, unknown> } }).modem;
      assert.equal(m.generic.manufacturer, p.manufacturer);
      assert.equal(m.generic.model, p.model);
      assert.equal(m.generic.revision, p.revision);
      assert.equal(m.generic['equipment-identifier'], world.sim.model.state.identity.imei);
      // Answered by the simulator's DMS Get Hardware Revision (missing before it was declared).
      assert.equal(m.generic['hardware-revision'], world.sim.model.state.identity.hardwareRevision);
      // The SIM's group identifiers, which MM reads with UIM Read Transparent (EF GID1/GID2).
      const simPath = m.generic.sim as string;
      const sr = await world.mmcli(['-J', '-i', simPath]);
      assert.equal(sr.code, 0, sr.stderr);
      const simProps = (JSON.parse(sr.stdout) as { sim: { properties: Record<string, unknown> } }).sim.properties;
      t.diagnostic(`${c.profile}: SIM as mmcli shows it: ${JSON.stringify({ ...simProps, iccid: 'masked', imsi: 'masked' })}`);
      assert.equal(String(simProps.gid1).toLowerCase(), world.sim.model.state.sim.gid1);
      assert.equal(String(simProps.gid2).toLowerCase(), world.sim.model.state.sim.gid2);
      assert.deepEqual([...(m.generic.drivers as string[])].sort(), c.drivers);
      const ports = Object.fromEntries((m.generic.ports as string[]).map((s) => /^(\S+) \((\w+)\)$/.exec(s)!.slice(1, 3) as [string, string]));
      for (const [name, type] of Object.entries(c.ports)) assert.equal(ports[name], type, `${name} in ${JSON.stringify(ports)}`);

      // Enabling: MM's enabling sequence (operating mode, registration, signal, indications,
      // time zone, location) must be answered too; the modem then shows up registered on the
      // simulator's network as `mmcli -m` would show a user.
      const en = await world.mmcli(['-m', modem.path, '--enable']);
      assert.equal(en.code, 0, `mmcli --enable: ${en.stderr}`);
      let enabled = m;
      for (let i = 0; i < 40; i++) {
        const er = await world.mmcli(['-J', '-m', modem.path]);
        assert.equal(er.code, 0, er.stderr);
        enabled = (JSON.parse(er.stdout) as { modem: typeof m }).modem;
        // MM says "enabled" first and "registered" once its first registration check has run.
        if (enabled.generic.state !== 'enabled' && enabled.generic.state !== 'enabling') break;
        await new Promise((res) => setTimeout(res, 250));
      }
      const net = world.sim.model.state.network;
      assert.equal(enabled.generic.state, 'registered');
      assert.equal(enabled['3gpp']['registration-state'], 'home');
      assert.equal(enabled['3gpp']['operator-code'], `${net.mcc}${String(net.mnc).padStart(2, '0')}`);
      assert.equal(enabled['3gpp']['operator-name'], net.operatorName);
      assert.deepEqual(enabled.generic['access-technologies'], ['lte']);
    } catch (e) {
      t.diagnostic(world.log().slice(-4000));
      throw e;
    } finally {
      assert.deepEqual(await world.close(), [], 'every process of the world ended');
    }
  });
}
