// A virtual modem opened for a fix, as the doctor opens one (QMI client and AT channel sharing one
// ExchangeLog), a private undo store, and the simulator state as Facts, read straight from the
// model (what a correct diagnosis of the scenario says; the probes are tested elsewhere).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AtChannel } from '../../../main/at/channel.ts';
import type { Facts, LinkLayer, PdpTypeFact } from '../../../main/doctor/facts.ts';
import type { OpenModem } from '../../../main/doctor/open-modem.ts';
import type { ModemTarget } from '../../../main/doctor/target.ts';
import { UndoStore } from '../../../main/doctor/undo-store.ts';
import { ExchangeLog } from '../../../main/evidence/exchange.ts';
import { QmiClient } from '../../../main/qmi/client.ts';
import type { Simulator, SimulatorOptions } from '../../../main/simulator/simulator.ts';
import type { ModemState } from '../../../main/simulator/state.ts';
import { openCharDevice } from '../../../main/transport/char-device.ts';
import { withSim } from '../../simulator/support.ts';

export interface Opened {
  sim: Simulator;
  open: OpenModem;
  store: UndoStore;
  dir: string;
}

export async function openModem(sim: Simulator, use: { qmi?: boolean; at?: boolean } = {}, extra: Partial<ModemTarget> = {}): Promise<OpenModem> {
  const log = new ExchangeLog();
  const qmiPath = sim.ports.qmi ?? undefined;
  const qmi = use.qmi !== false && qmiPath
    ? await QmiClient.start(await openCharDevice(qmiPath), { ownsDevice: true, log, releaseOnSignals: false })
    : undefined;
  const atPath = sim.ports.at[0];
  const at = use.at !== false && atPath ? await AtChannel.open(atPath, { log }) : undefined;
  const target: ModemTarget = {
    id: `qmi:${qmiPath ?? atPath}`, ...(qmiPath ? { qmi: qmiPath } : {}), at: sim.ports.at, net: 'wwan0',
    usb: { vid: sim.profile.vid, pid: sim.profile.pid, model: sim.profile.model }, ...extra,
  };
  return {
    target, log, ...(qmi ? { qmi } : {}), ...(at ? { at } : {}),
    async close() {
      await qmi?.close();
      await at?.close();
    },
  };
}

/** Runs fn against a fresh virtual modem, opened, with an undo store in a temp folder. */
export async function withOpenModem(profile: string, scenario: string, fn: (o: Opened) => Promise<void>, use: { qmi?: boolean; at?: boolean } = {}, simOptions: Partial<SimulatorOptions> = {}): Promise<void> {
  await withSim(profile, scenario, async (sim) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-undo-'));
    const open = await openModem(sim, use);
    try {
      await fn({ sim, open, store: new UndoStore({ dir }), dir });
    } finally {
      await open.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, simOptions);
}

/** The state to compare before and after: without what drifts by itself (signal, counters). */
export function snapshot(sim: Simulator): Omit<ModemState, 'signal' | 'stats'> {
  const { signal: _s, stats: _c, ...rest } = structuredClone(sim.model.state);
  return rest;
}

const fact = <T>(value: T, via: 'qmi' | 'at' | 'sysfs' = 'qmi') => ({ value, via, evidence: [] as number[] });
const PDP: Record<string, PdpTypeFact> = { ipv4: 'ipv4', ipv6: 'ipv6', ipv4v6: 'ipv4v6' };
const AUTH = ['none', 'pap', 'chap', 'pap-chap'] as const;

/** What a correct diagnosis of the simulator would say now. */
export function factsOf(sim: Simulator): Facts {
  const s = sim.model.state;
  const pinState = !s.sim.present ? 'absent' : s.sim.pinState;
  const layer = (raw: boolean): LinkLayer => (raw ? 'raw-ip' : '802-3');
  const comp = sim.profile.composition;
  return {
    reach: fact({ at: [] }),
    device: fact({ manufacturer: s.identity.manufacturer, model: s.identity.model, imei: s.identity.imei, usb: { vid: sim.profile.vid, pid: sim.profile.pid } }),
    sim: fact({ state: pinState, pinEnabled: s.sim.pinEnabled, pinLeft: s.sim.pinLeft, pukLeft: s.sim.pukLeft, mcc: s.sim.mcc, mnc: s.sim.mnc, mncDigits: s.sim.mncDigits, gid1: s.sim.gid1 }),
    radio: fact({ mode: s.operatingMode === 'reset' ? 'reset' : s.operatingMode, cfun: sim.model.cfun }),
    registration: fact({ state: sim.model.registered ? 'registered' : s.network.reg === 'denied' ? 'denied' : 'searching', mcc: s.network.mcc, mnc: s.network.mnc }),
    profiles: fact({
      defaultIndex: 1,
      profiles: s.profiles.map((p) => ({ index: p.index, apn: p.apn, name: p.name, pdpType: PDP[p.pdpType] ?? 'unknown', auth: AUTH[p.auth] ?? 'none', username: p.username, hasPassword: p.password !== '' })),
    }),
    autoconnect: fact({ setting: s.autoconnect, bearerHeld: s.connection?.byAutoconnect === true }),
    dataFormat: fact({ modem: s.dataFormat.linkLayer, modemRawIpOnly: s.dataFormat.rawIpOnly, kernel: layer(s.dataFormat.kernelRawIp), iface: 'wwan0' }),
    usbMode: fact({ value: s.usbComposition, label: comp.values[s.usbComposition] ?? 'custom', hasQmi: s.usbComposition !== comp.nonQmiValue, qmiValue: comp.defaultValue }, 'at'),
    problems: [],
  };
}

export const noSecrets = async (): Promise<string> => { throw new Error('no secret expected'); };

/**
 * Says RDY on the modem's AT port as soon as `command` has gone out and before its answer (the
 * test gives the AT port a latency long enough for that): a module restarting mid-command.
 */
export async function restartDuring(o: Opened, command: RegExp, limitMs = 10000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!o.open.log.all().some((e) => e.protocol === 'at' && e.direction === 'tx' && command.test(e.raw))) {
    if (Date.now() > deadline) throw new Error(`${command} was not sent within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  // Sent is not yet received: give the PTY a moment to carry the command (well inside the
  // test's reply latency), so the modem knows its port is in use and says RDY on it.
  await new Promise((r) => setTimeout(r, 50));
  o.sim.injectUrc('RDY');
}
