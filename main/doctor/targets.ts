// Where ModemTargets come from: discovery (a modem `list` finds, its ports sorted by the role the
// device table or the bound driver gives them) or ports named by hand (`--qmi PATH --at PATH`,
// a virtual modem's PTYs). Plain data out; nothing is opened here.

import type { InventoryModem } from './inventory.ts';
import type { ModemTarget } from './target.ts';

/** The environment variable that points the engine (and the privileged helper) at another sysfs:
 *  a virtual modem's tree, a test's fixture. */
export const SYSFS_ROOT_ENV = 'MODEM_DOCTOR_SYSFS_ROOT';

/** sysfs root: the one given, else $MODEM_DOCTOR_SYSFS_ROOT, else undefined ('/sys'). */
export function defaultSysfsRoot(given?: string): string | undefined {
  const env = process.env[SYSFS_ROOT_ENV];
  return given ?? (env !== undefined && env !== '' ? env : undefined);
}

/** Roles that are never AT: writing AT there at best goes unanswered (NMEA), at worst upsets a
 *  binary protocol (DIAG/QCDM). */
const NOT_AT_ROLES = new Set(['nmea', 'diag', 'audio', 'adb', 'ignored']);

export interface TargetOptions {
  sysfsRoot?: string;
  viaProxy?: boolean;
}

/** A target for one modem of the inventory. */
export function targetFromInventory(m: InventoryModem, opts: TargetOptions = {}): ModemTarget {
  const qmi = m.ports.find((p) => p.role === 'qmi');
  const tty = m.ports.filter((p) => p.subsystem === 'tty' || p.subsystem === 'wwan');
  // The table's AT port first, then its secondary AT port, then ports nobody has named (to try).
  const at = [
    ...tty.filter((p) => p.role === 'at' && !p.secondary),
    ...tty.filter((p) => p.role === 'at' && p.secondary),
    ...tty.filter((p) => p.role === 'unknown'),
  ].map((p) => p.path);
  const notAt = m.ports.filter((p) => NOT_AT_ROLES.has(p.role)).map((p) => ({ path: p.path, role: p.role }));
  const net = m.net.find((n) => n.driver === 'qmi_wwan') ?? m.net[0];
  const sysfsRoot = defaultSysfsRoot(opts.sysfsRoot);
  return {
    id: m.id,
    ...(qmi ? { qmi: qmi.path } : {}),
    at,
    ...(notAt.length ? { notAt } : {}),
    ...(net ? { net: net.name } : {}),
    ...(sysfsRoot ? { sysfsRoot } : {}),
    usb: {
      vid: Number.parseInt(m.vid, 16), pid: Number.parseInt(m.pid, 16), vendorName: m.vendor, model: m.model, busPath: m.id, mode: m.mode,
      ...(m.explanation ? { modeExplanation: m.explanation } : {}),
      ...(m.composition ? { composition: `${m.composition.mode}${m.composition.network ? ` (${m.composition.network})` : ''}` } : {}),
    },
    ...(opts.viaProxy ? { viaProxy: true } : {}),
  };
}

export interface ExplicitPorts {
  qmi?: string;
  at?: string[];
  net?: string;
  notAt?: { path: string; role: string }[];
  usb?: ModemTarget['usb'];
}

/** A target from ports given by hand. Its id names the first port given. */
export function targetFromPorts(p: ExplicitPorts, opts: TargetOptions = {}): ModemTarget {
  const at = p.at ?? [];
  const id = p.qmi ? `qmi:${p.qmi}` : at[0] ? `at:${at[0]}` : 'none';
  const sysfsRoot = defaultSysfsRoot(opts.sysfsRoot);
  return {
    id,
    ...(p.qmi ? { qmi: p.qmi } : {}),
    at,
    ...(p.notAt?.length ? { notAt: p.notAt } : {}),
    ...(p.net ? { net: p.net } : {}),
    ...(sysfsRoot ? { sysfsRoot } : {}),
    ...(p.usb ? { usb: p.usb } : {}),
    ...(opts.viaProxy ? { viaProxy: true } : {}),
  };
}

/** Every port of a target, with the role it was given. */
export function targetPorts(t: ModemTarget): { path: string; role: string }[] {
  return [
    ...(t.qmi ? [{ path: t.qmi, role: 'qmi' }] : []),
    ...t.at.map((path) => ({ path, role: 'at' })),
    ...(t.notAt ?? []),
  ];
}
