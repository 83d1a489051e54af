// What the system around the modems claims about them, gathered for `list` and the doctor:
// today ModemManager's modems and the ports it uses. The inventory calls one SystemFactsSource;
// each part is optional, and absent means "not looked at" (never "not there").
// The ModemManager D-Bus module plugs its reader into defaultSystemFacts.

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

/** Nothing looked at yet: the ModemManager module replaces this with its D-Bus reader. */
export const defaultSystemFacts: SystemFactsSource = async () => ({});
