// The qmicli conformance cases, run once straight on the PTY and once through qmi-proxy.
// Each asserts that what qmicli PRINTS matches the simulator's state for the scenario.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Simulator } from '../../main/simulator/simulator.ts';
import { withSim } from '../simulator/support.ts';
import { deviceArgs, printed, qmicli, type Mode } from './qmicli-support.ts';

export function defineQmicliCases(mode: Mode): void {
  const run = (profile: string, scenario: string, fn: (q: (...a: string[]) => ReturnType<typeof qmicli>, sim: Simulator) => Promise<void>): Promise<void> =>
    withSim(profile, scenario, (sim) => fn((...a) => qmicli([...deviceArgs(mode, sim), ...a]), sim));

  test(`${mode}: --dms-get-ids prints the profile's IMEI`, () => run('ec25', 'seed', async (q, sim) => {
    const r = await q('--dms-get-ids');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(printed(r.stdout, 'IMEI'), sim.model.state.identity.imei);
    assert.equal(printed(r.stdout, 'IMEI SV'), sim.model.state.identity.imeiSv);
  }));

  test(`${mode}: --dms-get-revision prints each profile's firmware`, async () => {
    for (const [profile, rev] of [['ec25', 'EC25EFAR06A06M4G'], ['mc7455', 'SWI9X30C_02.24.05.06']] as const) {
      await run(profile, 'healthy', async (q) => {
        const r = await q('--dms-get-revision');
        assert.equal(r.code, 0, r.stderr);
        assert.equal(printed(r.stdout, 'Revision'), rev);
      });
    }
  });

  test(`${mode}: --dms-get-hardware-revision prints the board revision`, () => run('mc7455', 'healthy', async (q, sim) => {
    const r = await q('--dms-get-hardware-revision');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(printed(r.stdout, 'Revision'), sim.model.state.identity.hardwareRevision);
  }));

  test(`${mode}: --nas-get-plmn-name names the serving network`, () => run('ec25', 'healthy', async (q, sim) => {
    const n = sim.model.state.network;
    const r = await q(`--nas-get-plmn-name=${n.mcc}${String(n.mnc).padStart(2, '0')}`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(printed(r.stdout, 'Long Name'), n.operatorName);
    assert.equal(printed(r.stdout, 'Short Name'), n.operatorName);
  }));

  test(`${mode}: --nas-get-rf-band-info prints the serving LTE band and channel`, () => run('ec25', 'healthy', async (q, sim) => {
    const r = await q('--nas-get-rf-band-info');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(printed(r.stdout, 'Active Band Class'), `eutran-${sim.model.state.network.lteBand}`);
    assert.equal(printed(r.stdout, 'Active Channel'), String(sim.model.state.network.earfcn));
  }));

  test(`${mode}: --uim-get-slot-status shows one active slot with the card's ICCID`, () => run('ec25', 'healthy', async (q, sim) => {
    const r = await q('--uim-get-slot-status');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(printed(r.stdout, 'Card status'), 'present');
    assert.equal(printed(r.stdout, 'Slot status'), 'active');
    assert.equal(printed(r.stdout, 'ICCID'), sim.model.state.sim.iccid);
  }));

  test(`${mode}: --uim-read-transparent reads EF GID1 (6F3E) from the card`, () => run('ec25', 'healthy', async (q, sim) => {
    const r = await q('--uim-read-transparent=0x3F00,0x7FFF,0x6F3E');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(printed(r.stdout, 'SW1'), '0x90');
    const bytes = /Read result:\s*\n\s*([0-9A-F:]+)/.exec(r.stdout)?.[1];
    assert.equal(bytes?.replaceAll(':', '').toLowerCase(), sim.model.state.sim.gid1);
  }));

  test(`${mode}: --wds-get-packet-statistics shows the seed's packets going out and none coming back`, () => run('ec25', 'seed', async (q, sim) => {
    const r = await q('--wds-get-packet-statistics');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(printed(r.stdout, 'TX packets OK'), String(sim.model.state.stats.txPackets));
    assert.equal(printed(r.stdout, 'RX packets OK'), '0');
    assert.equal(printed(r.stdout, 'TX bytes OK'), String(sim.model.state.stats.txBytes));
  }));

  test(`${mode}: --dms-get-operating-mode follows the model`, () => run('ec25', 'healthy', async (q, sim) => {
    assert.equal(printed((await q('--dms-get-operating-mode')).stdout, 'Mode'), 'online');
    sim.model.setOperatingMode('low-power');
    assert.equal(printed((await q('--dms-get-operating-mode')).stdout, 'Mode'), 'low-power');
  }));

  test(`${mode}: --dms-uim-get-pin-status shows the PIN wanted and a wrong PIN spends an attempt`, () => run('ec25', 'sim-pin', async (q, sim) => {
    let r = await q('--dms-uim-get-pin-status');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(printed(r.stdout, 'Status'), 'enabled-not-verified');
    assert.equal(printed(r.stdout, 'Verify'), '3');
    r = await q('--dms-uim-verify-pin=PIN,0000');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /IncorrectPin/);
    r = await q('--dms-uim-get-pin-status');
    assert.equal(printed(r.stdout, 'Verify'), '2');
    assert.equal(sim.model.state.sim.pinLeft, 2);
  }));

  test(`${mode}: --uim-get-card-status shows a PUK-locked card with 0 PIN attempts`, () => run('ec25', 'sim-puk', async (q) => {
    const r = await q('--uim-get-card-status');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(printed(r.stdout, 'Card state'), 'present');
    assert.equal(printed(r.stdout, 'Application state'), 'puk1-or-upin-puk-required');
    assert.equal(printed(r.stdout, 'PIN1 retries'), '0');
    assert.equal(printed(r.stdout, 'PUK1 retries'), '10');
  }));

  test(`${mode}: --uim-get-card-status shows an absent card`, () => run('ec25', 'sim-absent', async (q) => {
    const r = await q('--uim-get-card-status');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(printed(r.stdout, 'Card state'), 'absent');
  }));

  test(`${mode}: --nas-get-serving-system prints registration and the PLMN`, () => run('ec25', 'seed', async (q, sim) => {
    const r = await q('--nas-get-serving-system');
    assert.equal(r.code, 0, r.stderr);
    const n = sim.model.state.network;
    assert.equal(printed(r.stdout, 'Registration state'), 'registered');
    assert.equal(printed(r.stdout, 'MCC'), String(n.mcc));
    assert.equal(printed(r.stdout, 'MNC'), String(n.mnc));
    assert.equal(printed(r.stdout, 'Description'), n.operatorName);
    assert.equal(printed(r.stdout, 'LTE tracking area code'), String(n.tac));
    assert.equal(printed(r.stdout, '3GPP cell ID'), String(n.cellId));
  }));

  test(`${mode}: --nas-get-serving-system while searching`, () => run('ec25', 'not-registered', async (q) => {
    const r = await q('--nas-get-serving-system');
    assert.equal(printed(r.stdout, 'Registration state'), 'not-registered-searching');
    assert.equal(printed(r.stdout, 'MCC'), undefined);
  }));

  test(`${mode}: --nas-get-signal-info prints the LTE signal`, async () => {
    for (const scenario of ['healthy', 'weak-signal']) {
      await run('ec25', scenario, async (q, sim) => {
        const r = await q('--nas-get-signal-info');
        assert.equal(r.code, 0, r.stderr);
        const s = sim.model.state.signal;
        assert.equal(printed(r.stdout, 'RSSI'), `${s.rssi} dBm`);
        assert.equal(printed(r.stdout, 'RSRQ'), `${s.rsrq} dB`);
        assert.equal(printed(r.stdout, 'RSRP'), `${s.rsrp} dBm`);
        assert.equal(printed(r.stdout, 'SNR'), `${s.snr.toFixed(1)} dB`);
      });
    }
  });

  test(`${mode}: --nas-get-system-info prints MCC/MNC as text and the TAC`, () => run('sim7600', 'healthy', async (q, sim) => {
    const r = await q('--nas-get-system-info');
    assert.equal(r.code, 0, r.stderr);
    const n = sim.model.state.network;
    assert.equal(printed(r.stdout, 'Status'), 'available');
    assert.equal(printed(r.stdout, 'MCC'), String(n.mcc));
    assert.equal(printed(r.stdout, 'MNC'), String(n.mnc));
    assert.equal(printed(r.stdout, 'Tracking Area Code'), String(n.tac));
    assert.equal(printed(r.stdout, 'Cell ID'), String(n.cellId));
  }));

  test(`${mode}: --wds-get-profile-list=3gpp shows profile 1's APN (set over AT or not)`, () => run('ec25', 'wrong-apn', async (q, sim) => {
    let r = await q('--wds-get-profile-list=3gpp');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\[1\] 3gpp/);
    assert.equal(printed(r.stdout, 'APN'), 'web.example.com');
    sim.model.setProfile(1, { apn: 'internet.it' });
    r = await q('--wds-get-profile-list=3gpp');
    assert.equal(printed(r.stdout, 'APN'), 'internet.it');
  }));

  test(`${mode}: --wds-get-autoconnect-settings`, async () => {
    for (const [scenario, status] of [['seed', 'enabled'], ['healthy', 'disabled']] as const) {
      await run('ec25', scenario, async (q) => {
        const r = await q('--wds-get-autoconnect-settings');
        assert.equal(r.code, 0, r.stderr);
        assert.equal(printed(r.stdout, 'Status'), status);
      });
    }
  });

  test(`${mode}: --wds-get-current-settings: the autoconnect bearer's address, OUT_OF_CALL when down`, async () => {
    await run('ec25', 'seed', async (q, sim) => {
      const r = await q('--wds-get-current-settings');
      assert.equal(r.code, 0, r.stderr);
      const c = sim.model.state.connection!;
      assert.equal(printed(r.stdout, 'IPv4 address'), c.ipv4);
      assert.equal(printed(r.stdout, 'IPv4 gateway address'), c.gateway);
      assert.equal(printed(r.stdout, 'IPv4 primary DNS'), c.dns1);
      assert.equal(printed(r.stdout, 'MTU'), String(c.mtu));
    });
    await run('ec25', 'healthy', async (q) => {
      const r = await q('--wds-get-current-settings');
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /OutOfCall/);
    });
  });

  test(`${mode}: --wds-start-network: NO_EFFECT under autoconnect, CALL_FAILED 27/33 for bad APNs`, async () => {
    await run('ec25', 'seed', async (q) => {
      const r = await q('--wds-start-network=', '--client-no-release-cid');
      assert.match(r.stderr, /NoEffect/);
    });
    for (const [scenario, reason] of [['wrong-apn', '27'], ['no-apn', '33']] as const) {
      await run('ec25', scenario, async (q, sim) => {
        const r = await q('--wds-start-network=', '--client-no-release-cid');
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /CallFailed/);
        assert.match(r.stderr, new RegExp(`verbose call end reason \\(6,${reason}\\)`));
        assert.equal(sim.model.state.connection, null);
      });
    }
  });

  test(`${mode}: --wds-start-network then --wds-stop-network with the printed handle and CID`, () => run('ec25', 'healthy', async (q, sim) => {
    const r = await q('--wds-start-network=apn=internet.it', '--client-no-release-cid');
    assert.equal(r.code, 0, r.stderr);
    const handle = printed(r.stdout, 'Packet data handle');
    const cid = printed(r.stdout, 'CID');
    assert.ok(handle && cid, r.stdout);
    assert.equal(Number(handle), sim.model.state.connection?.handle);
    const stop = await q(`--wds-stop-network=${handle}`, `--client-cid=${cid}`);
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, /Network stopped/);
    assert.equal(sim.model.state.connection, null);
  }));

  test(`${mode}: --wds-stop-network=disable-autoconnect releases the autoconnect bearer`, () => run('ec25', 'autoconnect-lock', async (q, sim) => {
    const r = await q('--wds-stop-network=disable-autoconnect');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sim.model.state.connection, null);
    assert.equal(sim.model.state.autoconnect, 'disabled');
    const start = await q('--wds-start-network=', '--client-no-release-cid');
    assert.equal(start.code, 0, start.stderr);
    assert.ok(printed(start.stdout, 'Packet data handle'));
  }));

  test(`${mode}: --wda-get-data-format prints the modem side, not the kernel side`, () => run('ec25', 'seed', async (q, sim) => {
    const r = await q('--wda-get-data-format');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(printed(r.stdout, 'Link layer protocol'), 'raw-ip');
    assert.equal(sim.model.state.dataFormat.kernelRawIp, false);
  }));

  test(`${mode}: --wda-set-data-format: EC25 switches to 802-3, MC7455 stays raw-ip`, async () => {
    for (const [profile, applied] of [['ec25', '802-3'], ['mc7455', 'raw-ip']] as const) {
      await run(profile, 'healthy', async (q, sim) => {
        const r = await q('--wda-set-data-format=link-layer-protocol=802-3');
        assert.equal(r.code, 0, r.stderr);
        assert.equal(printed(r.stdout, 'Link layer protocol'), applied);
        assert.equal(sim.model.state.dataFormat.linkLayer, applied);
      });
    }
  });

  test(`${mode}: --dms-swi-get/set-usb-composition: the MC7455 lists 6, 7 (current), 8; a change waits for the reset`, () => run('mc7455', 'healthy', async (q, sim) => {
    let r = await q('--dms-swi-get-usb-composition');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\s+USB composition 6: DM, NMEA, AT, QMI$/m);
    assert.match(r.stdout, /^\s+\[\*\] USB composition 7: DM, NMEA, AT, RMNET1, RMNET2, RMNET3$/m);
    assert.match(r.stdout, /^\s+USB composition 8: DM, NMEA, AT, MBIM$/m);
    r = await q('--dms-swi-set-usb-composition=8');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sim.model.state.pendingComposition, 0x100d, 'stored as the AT!USBCOMP mask for MBIM');
    assert.match((await q('--dms-swi-get-usb-composition')).stdout, /\[\*\] USB composition 7/, 'still 7 until the reset');
  }));

  test(`${mode}: the Sierra messages are refused by a Quectel EC25 (InvalidQmiCommand), answered by the MC7455`, async () => {
    await run('ec25', 'healthy', async (q) => {
      const r = await q('--dms-swi-get-usb-composition');
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /InvalidQmiCommand/);
    });
    await run('mc7455', 'healthy', async (q, sim) => {
      const r = await q('--dms-swi-get-current-firmware');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(printed(r.stdout, 'Model'), sim.model.state.identity.model);
    });
  });

  test(`${mode}: --nas-get-tx-rx-info=lte prints the receive power and RSRP in dBm (tenths on the wire)`, () => run('mc7455', 'healthy', async (q, sim) => {
    const r = await q('--nas-get-tx-rx-info=lte');
    assert.equal(r.code, 0, r.stderr);
    const s = sim.model.state.signal;
    assert.equal(printed(r.stdout, 'Power'), `${s.rssi.toFixed(1)} dBm`);
    assert.equal(printed(r.stdout, 'RSRP'), `${s.rsrp.toFixed(1)} dBm`);
    assert.equal(printed(r.stdout, 'In traffic'), 'no');
  }));

  test(`${mode}: --loc-start and --loc-stop on the MC7455's LOC service`, () => run('mc7455', 'healthy', async (q) => {
    for (const a of ['--loc-start', '--loc-stop']) {
      const r = await q(a);
      assert.equal(r.code, 0, `${a}: ${r.stderr}`);
    }
  }));
}
