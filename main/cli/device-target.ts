// The device options `fix`, `undo` and `connect` take, as `diagnose` does: --device ID (a modem
// `list` finds: USB id, VID:PID or a port) or ports by hand (--qmi PATH --at PATH [--net IFACE]
// [--sysfs-root DIR]), or nothing when exactly one modem is plugged in.

import { buildInventory } from '../doctor/inventory.ts';
import type { ModemTarget } from '../doctor/target.ts';
import { targetFromInventory, targetFromPorts } from '../doctor/targets.ts';
import { defaultSystemFacts } from '../system/system-facts.ts';
import { CliRefusal } from './fix-io.ts';

export const DEVICE_OPTIONS = {
  device: { type: 'string' },
  qmi: { type: 'string' },
  at: { type: 'string', multiple: true },
  net: { type: 'string' },
  'sysfs-root': { type: 'string' },
  proxy: { type: 'boolean', default: false },
} as const;

export const DEVICE_USAGE = `  --device ID        one modem of \`list\`: its USB id (1-1), VID:PID (2c7c:0125) or a port (/dev/cdc-wdm0)
  --qmi PATH         the QMI port, given by hand (a virtual modem's PTY too)
  --at PATH          an AT port to try, given by hand; repeat for more
  --net IFACE        the modem's network interface (wwan0)
  --sysfs-root DIR   sysfs of the network interface (a virtual modem's "sysfsRoot")
  --proxy            reach the QMI port through qmi-proxy, alongside ModemManager (needs root)`;

export interface DeviceValues {
  device?: string | undefined;
  qmi?: string | undefined;
  at?: string[] | undefined;
  net?: string | undefined;
  'sysfs-root'?: string | undefined;
  proxy?: boolean | undefined;
}

/** Does `id` name this inventory modem: its USB id, VID:PID, or one of its ports? */
function names(id: string, m: { id: string; vid: string; pid: string; ports: { path: string; name: string }[] }): boolean {
  const lower = id.toLowerCase();
  return m.id === id || `${m.vid}:${m.pid}` === lower || m.ports.some((p) => p.path === id || p.name === id);
}

/** The modems the options name: the one given by hand, or those discovery finds (all, or the one --device names). */
export async function namedTargets(v: DeviceValues): Promise<ModemTarget[]> {
  const sysfsRoot = v['sysfs-root'];
  const opts = { ...(sysfsRoot ? { sysfsRoot } : {}), viaProxy: v.proxy === true };
  if (v.qmi !== undefined || (v.at?.length ?? 0) > 0) {
    if (v.device !== undefined) throw new CliRefusal('give either --device or ports by hand (--qmi/--at), not both');
    return [targetFromPorts({ ...(v.qmi ? { qmi: v.qmi } : {}), at: v.at ?? [], ...(v.net ? { net: v.net } : {}) }, opts)];
  }
  if (v.net !== undefined) throw new CliRefusal('--net goes with --qmi/--at (discovery finds the interface itself)');
  const inv = await buildInventory({ systemFacts: defaultSystemFacts });
  const modems = v.device === undefined ? inv.modems : inv.modems.filter((m) => names(v.device as string, m));
  return modems.map((m) => targetFromInventory(m, opts));
}

/** Exactly one modem: given by hand, or found; several or none is a refusal that says what to do. */
export async function oneTarget(v: DeviceValues): Promise<ModemTarget> {
  const targets = await namedTargets(v);
  if (targets.length === 0) throw new CliRefusal(v.device ? `no modem matches ${v.device} (modem-doctor list shows what is plugged in)` : 'no modem found: plug one in, or name its ports with --qmi and --at');
  if (targets.length > 1) throw new CliRefusal(`${targets.length} modems found: pick one with --device (${targets.map((t) => t.id).join(', ')})`);
  return targets[0]!;
}
