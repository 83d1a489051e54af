// Who stands between the doctor and the modem: ModemManager (it owns the ports it manages),
// another program with a port open, or file permissions. Read from the ports' owners (/proc),
// their access check, ModemManager's own list and how each port answered.

import type { Facts, PortFacts } from '../facts.ts';
import type { Finding } from '../finding.ts';
import { evidenceOf } from './support.ts';

const MM_COMMANDS: ReadonlySet<string> = new Set(['ModemManager', 'qmi-proxy', 'mbim-proxy']);

const isMm = (o: { command: string }): boolean => MM_COMMANDS.has(o.command);

/** A port the diagnosis could not use because someone holds it (as reach recorded it). */
function heldInReach(facts: Facts, path: string): boolean {
  const r = facts.reach.value;
  return (r.qmi?.path === path && r.qmi.answer === 'held') || r.at.some((a) => a.path === path && a.answer === 'held');
}

const anyHeld = (facts: Facts): boolean => {
  const r = facts.reach.value;
  return r.qmi?.answer === 'held' || r.at.some((a) => a.answer === 'held');
};

export function modemManagerHolds(facts: Facts): Finding[] {
  const ports = facts.ports?.value ?? [];
  const mmPorts = ports.filter((p) => p.owners.some(isMm) || p.modemManagerType !== undefined);
  const mm = facts.modemManager?.value;
  const listed = mm?.running === true && mm.modem !== undefined;
  if (mmPorts.length === 0 && !listed) return [];
  const blocked = anyHeld(facts) && (mmPorts.length > 0 || listed);
  const viaProxy = facts.reach.value.qmi?.via === 'qmi-proxy';
  const evidence = [];
  if (mmPorts.length > 0) {
    evidence.push(evidenceOf(facts, 'ports', mmPorts.map((p) => `${p.path}: ${p.owners.filter(isMm).map((o) => `${o.command} (pid ${o.pid})`).join(', ') || `claimed as ${p.modemManagerType}`}`).join('; ')));
  }
  if (listed && mm?.modem) evidence.push(evidenceOf(facts, 'modemManager', `ModemManager${mm.version ? ` ${mm.version}` : ''} manages it as ${mm.modem.path}${mm.modem.state ? ` (state ${mm.modem.state})` : ''}`));
  return [{
    id: 'modemmanager-holds-device',
    severity: blocked ? 'error' : 'warning',
    title: blocked ? 'ModemManager has the modem: the doctor cannot talk to it' : 'ModemManager manages this modem',
    explanation: 'ModemManager (the service behind the network applet) opens a modem\'s ports as soon as it is plugged in and keeps them. '
      + (blocked ? 'Because it holds them, the doctor\'s requests go unanswered or compete with its own. '
        : viaProxy ? 'The doctor reads through qmi-proxy alongside it, which works, but any change made now competes with what ModemManager does next (it may undo it or reconnect). '
          : 'Changes made while it manages the modem compete with what it does next (it may undo them or reconnect). ')
      + 'Freeing the modem inhibits ModemManager for this one device while you work (it lets go and takes it back when the fix is undone); '
      + 'stopping the service or telling it to ignore the device (a udev tag) are the lasting alternatives.',
    evidence,
    fixes: [{ fix: 'free-device', label: 'Inhibit ModemManager for this modem while the doctor works (undo gives it back)', options: { method: 'inhibit' } }],
    values: { ports: mmPorts.map((p) => p.path), ...(mm?.modem ? { modemManagerPath: mm.modem.path } : {}) },
  }];
}

export function portBusy(facts: Facts): Finding[] {
  const ports = facts.ports?.value;
  if (!ports) return [];
  const busy = ports.map((p) => ({ port: p, others: p.owners.filter((o) => !isMm(o)) })).filter((x) => x.others.length > 0);
  if (busy.length === 0) return [];
  const describe = (x: { port: PortFacts; others: PortFacts['owners'] }) => `${x.port.path}${x.port.role ? ` (${x.port.role})` : ''} is open in ${x.others.map((o) => `${o.command} (pid ${o.pid})`).join(', ')}`;
  const blocking = busy.some((x) => heldInReach(facts, x.port.path));
  const lines = busy.map(describe);
  return [{
    id: 'port-busy',
    severity: blocking ? 'error' : 'warning',
    title: `${busy.length === 1 ? 'A modem port is' : 'Modem ports are'} open in another program: ${[...new Set(busy.flatMap((x) => x.others.map((o) => o.command)))].join(', ')}`,
    explanation: `${lines.join('; ')}. Two programs talking on one modem port mix up each other's questions and answers `
      + `(QMI answers go to whichever reads first; AT replies interleave). ${blocking ? 'The doctor could not use it. ' : ''}`
      + 'Close that program (a terminal like minicom or picocom, a script, a second qmicli), or stop it '
      + `(kill ${busy.flatMap((x) => x.others.map((o) => o.pid)).join(' ')} if you know what it is), then diagnose again.`,
    evidence: [evidenceOf(facts, 'ports', lines.join('; '))],
    fixes: [],
    values: { holders: busy.map((x) => ({ path: x.port.path, processes: x.others })) },
  }];
}

export function permissionDenied(facts: Facts): Finding[] {
  const ports = facts.ports?.value ?? [];
  const denied = ports.filter((p) => !p.access.ok);
  const reach = facts.reach.value;
  const deniedInReach = [...(reach.qmi?.answer === 'denied' ? [reach.qmi.path] : []), ...reach.at.filter((a) => a.answer === 'denied').map((a) => a.path)]
    .filter((path) => !denied.some((p) => p.path === path));
  if (denied.length === 0 && deniedInReach.length === 0) return [];
  const lines = [
    ...denied.map((p) => `${p.path}: ${p.access.reason ?? 'may not be opened'}`),
    ...deniedInReach.map((path) => `${path}: opening it was refused (permission denied)`),
  ];
  const advice = [...new Set(denied.map((p) => p.access.fix).filter((f): f is string => f !== undefined))];
  const evidence = [];
  if (denied.length > 0) evidence.push(evidenceOf(facts, 'ports', denied.map((p) => `${p.path}: ${p.access.reason ?? 'denied'}`).join('; ')));
  if (deniedInReach.length > 0) evidence.push(evidenceOf(facts, 'reach', deniedInReach.map((p) => `${p}: permission denied`).join('; ')));
  return [{
    id: 'permission-denied',
    severity: 'error',
    title: 'This user may not open the modem\'s ports',
    explanation: `${lines.join('; ')}. Modem ports belong to root and a group (usually "dialout" for serial ports; "root" or "dialout" for /dev/cdc-wdm*). `
      + (advice.length > 0 ? advice.join(' ') : 'Add yourself to the port\'s group (sudo usermod -aG dialout $USER, then log out and in), or run the doctor with sudo.'),
    evidence,
    fixes: [],
    values: { ports: [...denied.map((p) => p.path), ...deniedInReach] },
  }];
}
