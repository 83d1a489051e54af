// The virtual modem as the doors hand it to the session: a simulator in a folder of its own,
// described as a ModemTarget (its PTYs, its kernel side under <dir>/sys when the simulator writes
// one), removed on stop. Only doors import this (the engine never imports the simulator).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StartVirtualModem, VirtualModemHandle } from '../doctor/session-engine.ts';
import type { ModemTarget } from '../doctor/target.ts';
import { profileById } from '../simulator/profiles/index.ts';
import { startSimulator } from '../simulator/simulator.ts';

let counter = 0;
const VENDOR: Readonly<Record<string, string>> = { quectel: 'Quectel', sierra: 'Sierra Wireless', simcom: 'SIMCom' };

export const startVirtualModem: StartVirtualModem = async ({ profile, scenario }): Promise<VirtualModemHandle> => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'md-virtual-'));
  const index = counter++;
  try {
    const sim = await startSimulator({ profile, scenario, dir: path.join(base, 'modem'), index });
    const p = profileById(profile)!;
    // The kernel side (raw_ip, link, counters) where this build's simulator writes one.
    const kernel = sim as unknown as { sysfs?: { root?: string }; net?: string | null };
    const ports = sim.ports;
    const target: ModemTarget = {
      id: `virtual:${index + 1}`,
      ...(ports.qmi ? { qmi: ports.qmi } : {}),
      at: [...ports.at],
      notAt: [...(ports.nmea ? [{ path: ports.nmea, role: 'nmea' }] : []), ...(ports.diag ? [{ path: ports.diag, role: 'diag' }] : [])],
      ...(kernel.net ? { net: kernel.net } : {}),
      ...(kernel.sysfs?.root ? { sysfsRoot: kernel.sysfs.root } : {}),
      usb: { vid: p.vid, pid: p.pid, model: p.id.toUpperCase(), vendorName: VENDOR[p.family] ?? p.family },
    };
    return {
      target,
      label: `Virtual ${VENDOR[p.family] ?? ''} ${p.id.toUpperCase()} (${scenario})`.replace('  ', ' '),
      stop: async () => {
        await sim.stop();
        fs.rmSync(base, { recursive: true, force: true });
      },
      // The simulator's own replug: the same ports come back, freshly powered, and say RDY.
      replug: () => sim.replug(),
    };
  } catch (e) {
    fs.rmSync(base, { recursive: true, force: true });
    throw e;
  }
};
