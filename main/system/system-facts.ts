// What the system around the modems claims about them, gathered for `list` and the doctor:
// today ModemManager's modems and the ports it uses. The inventory calls one SystemFactsSource;
// each part is optional, and absent means "not looked at" (never "not there").
// defaultSystemFacts asks ModemManager over the system D-Bus (modemmanager.ts).

import { modemManagerStatus, type MmStatus } from './modemmanager.ts';

/** One modem as ModemManager exports it. */
export interface MmModem {
  /** D-Bus object path: /org/freedesktop/ModemManager1/Modem/0. */
  objectPath: string;
  /** Its Device property: the USB device's sysfs path (the uid InhibitDevice takes). */
  device: string;
  manufacturer?: string;
  model?: string;
  state?: string;
  primaryPort?: string;
  /** Ports it uses, by kernel name, with ModemManager's port type (at, qmi, gps, net, qcdm...). */
  ports: { name: string; type: string }[];
}

export interface ModemManagerFacts {
  running: boolean;
  version?: string;
  pid?: number;
  modems: MmModem[];
  /** Devices it was asked to leave alone with InhibitDevice, by uid, when known. */
  inhibited?: string[];
  /** Why it could not be asked (no system bus, access denied...). */
  error?: string;
}

export interface SystemFacts {
  modemManager?: ModemManagerFacts;
}

/** The USB devices found, by sysfs path (ModemManager's Device uid for the same modem). */
export interface FactsQuery {
  sysPath: string;
}

export type SystemFactsSource = (devices: readonly FactsQuery[]) => Promise<SystemFacts>;

/** ModemManager's status as the inventory wants it. */
export function modemManagerFacts(s: MmStatus): ModemManagerFacts {
  return {
    running: s.running,
    ...(s.version ? { version: s.version } : {}),
    ...(s.pid !== undefined ? { pid: s.pid } : s.processes[0] ? { pid: s.processes[0].pid } : {}),
    modems: s.modems.map((m) => ({
      objectPath: m.path, device: m.device, manufacturer: m.manufacturer, model: m.model, state: m.state,
      primaryPort: m.primaryPort, ports: m.ports.map((p) => ({ name: p.name, type: p.type })),
    })),
    ...(s.problem ? { error: s.problem } : {}),
  };
}

/** ModemManager over the system bus ($DBUS_SYSTEM_BUS_ADDRESS or the standard socket), and /proc. */
export const defaultSystemFacts: SystemFactsSource = async () => ({ modemManager: modemManagerFacts(await modemManagerStatus()) });
