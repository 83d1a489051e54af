// The session's engine as the doors use it: discovery and hotplug for the modem list, the
// probes and rules for a diagnosis, the fixes with their undo store, log import, the report.
// Each part can be handed in (tests, a door with its own wiring); what this build lacks says
// so in words instead of pretending.

import fs from 'node:fs';
import { UsbWatcher } from '../discovery/hotplug.ts';
import { doctorEngine } from './engine-doctor.ts';
import { provisionForSession } from './provision/session-provision.ts';
import { buildInventory, type InventoryModem } from './inventory.ts';
import { findingsFromLog } from './log-findings.ts';
import { type FoundModem, type LogResult, type ReportRequest, type SessionEngine } from './session-engine.ts';
import type { ModemTarget } from './target.ts';
import { defaultSystemFacts } from '../system/system-facts.ts';
import { readEnvironment } from '../report/environment.ts';
import { buildReport } from '../report/model.ts';
import { renderReport } from '../report/render.ts';

export type EngineParts = Partial<SessionEngine>;

const NOT_AT = new Set(['nmea', 'diag', 'audio', 'adb', 'ignored']);

/** A target for one modem of the inventory: its QMI port, AT ports best first, the rest named. */
export function inventoryTarget(m: InventoryModem): ModemTarget {
  const qmi = m.ports.find((p) => p.role === 'qmi');
  const at = [
    ...m.ports.filter((p) => p.role === 'at' && !p.secondary),
    ...m.ports.filter((p) => p.role === 'at' && p.secondary),
    ...m.ports.filter((p) => p.role === 'unknown' && p.subsystem === 'tty'),
  ].map((p) => p.path);
  const notAt = m.ports.filter((p) => NOT_AT.has(p.role)).map((p) => ({ path: p.path, role: p.role }));
  const net = m.net.find((n) => n.driver === 'qmi_wwan') ?? m.net[0];
  return {
    id: m.id, ...(qmi ? { qmi: qmi.path } : {}), at, ...(notAt.length ? { notAt } : {}), ...(net ? { net: net.name } : {}),
    usb: { vid: Number.parseInt(m.vid, 16), pid: Number.parseInt(m.pid, 16), vendorName: m.vendor, model: m.model, busPath: m.id },
  };
}

async function listModems(): Promise<FoundModem[]> {
  const inv = await buildInventory({ systemFacts: defaultSystemFacts });
  return inv.modems.map((m) => ({
    target: inventoryTarget(m),
    label: `${m.vendor} ${m.model} (${m.vid}:${m.pid})`,
    problems: m.problems.map((p) => p.text),
  }));
}

function watchModems(onChange: () => void): () => void {
  const w = new UsbWatcher();
  w.on('change', () => onChange());
  void w.start().catch(() => undefined);
  return () => w.stop();
}

/** A virtual modem or a modem given by ports: there while its control ports are. */
function portsPresent(t: ModemTarget): boolean {
  const ports = [t.qmi, t.at[0]].filter((p): p is string => p !== undefined);
  return ports.length > 0 && ports.every((p) => fs.existsSync(p));
}

/** A pasted log judged by the same rules as a live modem (log-findings.ts, as `import-log` does). */
export function judgeLog(text: string): LogResult {
  const r = findingsFromLog(text);
  return { facts: r.facts, findings: r.findings, lineCount: r.lineCount, truncated: r.truncated };
}

/** The report of what the session knows: identities masked unless the user asked, secrets never there. */
export async function report(req: ReportRequest): Promise<string> {
  const r = buildReport({
    ...(req.target ? { target: req.target } : {}), ...(req.facts ? { facts: req.facts } : {}),
    findings: req.findings, actions: req.actions, transcript: req.transcript, environment: await readEnvironment({
      ...(req.target?.sysfsRoot ? { sysfsRoot: req.target.sysfsRoot } : {}),
      // ModemManager as the diagnosis found it: no second question over D-Bus.
      ...(req.facts?.modemManager ? { modemManager: { running: req.facts.modemManager.value.running, ...(req.facts.modemManager.value.version ? { version: req.facts.modemManager.value.version } : {}) } } : {}),
    }),
  }, { redact: !req.showIdentities });
  return renderReport(r, req.format);
}

export function createEngine(parts: EngineParts = {}): SessionEngine {
  return {
    listModems, watchModems, portsPresent,
    ...doctorEngine(),
    // A profile over several modems at once (the fleet view): main/doctor/provision.
    provision: provisionForSession(),
    importLog: judgeLog,
    report,
    ...parts,
  };
}
