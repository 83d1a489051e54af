// ModemManager's state, only where a system bus is there to ask and never for long: the
// diagnosis must not wait on D-Bus. Its modem is matched to the target by USB device (MM's
// Device property ends with the target's USB bus path) or by port name.

import fs from 'node:fs';
import path from 'node:path';
import { modemManagerProcesses, modemManagerStatus, type MmStatus } from '../../system/modemmanager.ts';
import type { Fact, ModemManagerFact, PortFacts } from '../facts.ts';
import type { ModemTarget } from '../target.ts';
import { targetPorts } from '../targets.ts';
import type { ProbeContext } from './context.ts';

/** MM answers in milliseconds when alive; past this the diagnosis goes on without it. */
export const MM_PROBE_MS = 1500;
const SYSTEM_BUS_SOCKET = '/run/dbus/system_bus_socket';

function busPresent(): boolean {
  const addr = process.env.DBUS_SYSTEM_BUS_ADDRESS;
  if (addr !== undefined && addr !== '') return true;
  try {
    return fs.statSync(SYSTEM_BUS_SOCKET).isSocket();
  } catch {
    return false;
  }
}

function matchModem(s: MmStatus, t: ModemTarget): MmStatus['modems'][number] | undefined {
  const names = new Set(targetPorts(t).map((p) => path.basename(p.path)));
  const bus = t.usb?.busPath;
  return s.modems.find((m) => (bus !== undefined && (m.device.endsWith(`/${bus}`) || m.device === bus))
    || m.ports.some((p) => names.has(p.name)));
}

export interface ModemManagerProbe {
  modemManager?: Fact<ModemManagerFact>;
  /** ModemManager's port types by port name, for the ports fact. */
  portTypes: Map<string, string>;
}

export async function probeModemManager(ctx: ProbeContext, limitMs = MM_PROBE_MS): Promise<ModemManagerProbe> {
  const portTypes = new Map<string, string>();
  if (!busPresent()) {
    // No bus: a ModemManager process may still run (on another bus, or starting).
    const procs = await modemManagerProcesses();
    return { portTypes, modemManager: { value: { running: procs.length > 0, ...(procs[0] ? { pid: procs[0].pid } : {}) }, via: 'proc', evidence: [] } };
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((r) => { timer = setTimeout(() => r('late'), limitMs); });
  const s = await Promise.race([modemManagerStatus(), late]).finally(() => clearTimeout(timer));
  if (s === 'late') {
    ctx.problems.push({ probe: 'modemmanager', message: `the system D-Bus did not answer within ${limitMs} ms: ModemManager's state is unknown`, evidence: [] });
    return { portTypes };
  }
  if (s.problem && s.bus === 'unreachable') {
    ctx.problems.push({ probe: 'modemmanager', message: s.problem, evidence: [] });
  }
  const m = matchModem(s, ctx.open.target);
  for (const p of m?.ports ?? []) portTypes.set(p.name, p.type);
  const pid = s.pid ?? s.processes[0]?.pid;
  const value: ModemManagerFact = {
    running: s.running || s.processes.length > 0,
    ...(s.version ? { version: s.version } : {}),
    ...(pid !== undefined ? { pid } : {}),
    ...(m ? { modem: { path: m.path, state: m.state, ports: m.ports.map((p) => p.name) } } : {}),
  };
  return { portTypes, modemManager: { value, via: 'dbus', evidence: [] } };
}

/** Adds ModemManager's claim to each port it uses. */
export function withModemManagerTypes(ports: PortFacts[], types: ReadonlyMap<string, string>): PortFacts[] {
  return ports.map((p) => {
    const t = types.get(path.basename(p.path));
    return t ? { ...p, modemManagerType: t } : p;
  });
}
