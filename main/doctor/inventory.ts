// The inventory behind `modem-doctor list` and the wizard's Detect step: every modem with its
// ports, and for each port who holds it and whether this user may open it; what the system
// around the modem claims (ModemManager, through the SystemFactsSource seam); the problems seen.
// Discovery says what is plugged in; system says who holds and who may open; this joins them.

import { probePortRoles, type PortRoleResult } from '../at/port-roles.ts';
import { findModems, type ModemCandidate, type ModemPort, type PortRole } from '../discovery/modems.ts';
import { scanUsb } from '../discovery/usb-scan.ts';
import { checkPortAccess, type PortAccess } from '../system/permissions.ts';
import type { MmModem, ModemManagerFacts, SystemFacts, SystemFactsSource } from '../system/system-facts.ts';
import { deviceHolders, type DeviceHolder } from '../system/device-holders.ts';

export interface InventoryPort extends ModemPort {
  owners: DeviceHolder[];
  access: PortAccess;
  /** ModemManager uses this port, with this type. */
  modemManager?: { type: string; objectPath: string };
  probe?: Pick<PortRoleResult, 'role' | 'confidence' | 'summary'>;
}

export interface Problem {
  /** Stable id: port-permission, port-held, claimed-by-modemmanager, storage-mode, boot-mode, emergency-download-mode, roles-unknown. */
  id: string;
  port?: string;
  text: string;
  fix?: string;
}

export interface InventoryModem extends Omit<ModemCandidate, 'ports'> {
  ports: InventoryPort[];
  /** ModemManager's view of this modem; null when it runs and does not list it; absent when not asked. */
  modemManager?: (Omit<MmModem, 'ports'>) | null;
  problems: Problem[];
}

export interface Inventory {
  modems: InventoryModem[];
  /** What libusb said when it could not list (the inventory then rests on sysfs). */
  libusbError?: string;
  modemManager?: Omit<ModemManagerFacts, 'modems'>;
}

export interface InventoryOptions {
  /** Probe the role of tty ports the table does not name (listen, then one AT). Off by default: it writes to ports. */
  probe?: boolean;
  systemFacts?: SystemFactsSource;
  sysRoot?: string;
}

const PROBE_ROLE: Partial<Record<PortRoleResult['role'], PortRole>> = { at: 'at', nmea: 'nmea', diag: 'diag' };

function holderText(h: readonly DeviceHolder[]): string {
  return h.map((x) => `${x.command} (pid ${x.pid})`).join(', ');
}

function portProblems(p: InventoryPort): Problem[] {
  const out: Problem[] = [];
  if (!p.access.ok) out.push({ id: 'port-permission', port: p.path, text: `${p.path}: cannot be opened: ${p.access.reason ?? p.access.code}`, ...(p.access.fix ? { fix: p.access.fix } : {}) });
  if (p.owners.length > 0) {
    const mm = p.owners.some((o) => o.command === 'ModemManager' || o.command === 'qmi-proxy' || o.command === 'mbim-proxy');
    out.push({
      id: 'port-held', port: p.path, text: `${p.path} is held by ${holderText(p.owners)}`,
      fix: mm ? 'free the modem from ModemManager (inhibit it while you work, stop the service, or ignore this device), or read through qmi-proxy alongside it'
        : 'close that program, or stop it, before using this port',
    });
  }
  return out;
}

/** Builds the inventory: scan, classify, then owners, access and system facts for every port. */
export async function buildInventory(opts: InventoryOptions = {}): Promise<Inventory> {
  const scan = await scanUsb(opts.sysRoot);
  const candidates = findModems(scan.devices);
  const facts = opts.systemFacts ? await opts.systemFacts(candidates).catch((e: unknown): SystemFacts => ({
    modemManager: { running: false, modems: [], error: e instanceof Error ? e.message : String(e) },
  })) : {};
  const mm = facts.modemManager;
  const modems: InventoryModem[] = [];
  for (const c of candidates) {
    const mmModem = mm?.modems.find((m) => m.device === c.sysPath);
    const ports: InventoryPort[] = [];
    for (const p of c.ports) {
      const claim = mmModem?.ports.find((x) => x.name === p.name);
      ports.push({
        ...p, owners: await deviceHolders(p.path), access: checkPortAccess(p.path),
        ...(claim && mmModem ? { modemManager: { type: claim.type, objectPath: mmModem.objectPath } } : {}),
      });
    }
    if (opts.probe) await probeUnknown(ports);
    const problems: Problem[] = ports.flatMap(portProblems);
    if (c.mode !== 'modem' && c.explanation) problems.unshift({ id: `${c.mode}-mode`, text: c.explanation });
    if (mmModem) {
      problems.push({
        id: 'claimed-by-modemmanager', text: `ModemManager manages this modem (${mmModem.objectPath}${mmModem.state ? `, state ${mmModem.state}` : ''}): direct QMI and AT requests compete with it`,
        fix: 'free it first (inhibit, stop or ignore), or read through qmi-proxy alongside ModemManager',
      });
    }
    const unknown = ports.filter((p) => p.role === 'unknown' && p.subsystem === 'tty');
    if (unknown.length > 0 && !opts.probe) {
      problems.push({ id: 'roles-unknown', text: `the role of ${unknown.map((p) => p.name).join(', ')} is not known for this modem`, fix: 'run `modem-doctor list --probe` to find the AT port safely' });
    }
    const { ports: _dropped, ...rest } = c;
    const mmSummary = mmModem ? (({ ports: _p, ...m }) => m)(mmModem) : mm?.running ? null : undefined;
    modems.push({ ...rest, ports, ...(mmSummary !== undefined ? { modemManager: mmSummary } : {}), problems });
  }
  return {
    modems,
    ...(scan.libusbError ? { libusbError: scan.libusbError } : {}),
    ...(mm ? { modemManager: (({ modems: _m, ...rest }) => rest)(mm) } : {}),
  };
}

/** Probes ttys of unknown role that nobody else holds and this user may open. */
async function probeUnknown(ports: InventoryPort[]): Promise<void> {
  const targets = ports.filter((p) => p.role === 'unknown' && p.subsystem === 'tty' && p.owners.length === 0 && p.access.ok);
  if (targets.length === 0) return;
  const results = await probePortRoles(targets.map((p) => ({ path: p.path, interfaceNumber: p.interfaceNumber })));
  for (const r of results) {
    const port = ports.find((p) => p.path === r.path);
    if (!port) continue;
    port.probe = { role: r.role, confidence: r.confidence, summary: r.summary };
    const role = PROBE_ROLE[r.role];
    if (role) {
      port.role = role;
      port.roleSource = 'probe';
      port.roleNote = r.summary;
    }
  }
}
