// The wizard's steps from a diagnosis: which findings each step shows, its status and a one-line
// summary. Pure: same facts and findings, same steps. A step is judged only from the facts it
// reads and the steps it rests on: behind a blocked step (no registration behind a PIN, nothing
// behind a dead port) it says "skipped", not "ok".

import type { Facts } from './facts.ts';
import type { Finding } from './finding.ts';
import type { FindingId } from './finding-ids.ts';
import type { ActionEntry, StepId, StepState, StepStatus } from './session-state.ts';
import { STEP_IDS } from './session-state.ts';

export const STEP_TITLES: Readonly<Record<StepId, string>> = {
  detect: 'Detect', conflicts: 'Conflicts', sim: 'SIM', network: 'Network', apn: 'APN',
  'data-format': 'Data format', connect: 'Connect test', report: 'Report',
};

/** Which step shows a finding. Every FindingId has exactly one (the type checks it). */
export const STEP_OF: Readonly<Record<FindingId, StepId>> = {
  'modem-unresponsive': 'detect', 'modem-in-storage-mode': 'detect', 'wrong-at-port': 'detect', 'permission-denied': 'detect',
  'modemmanager-holds-device': 'conflicts', 'port-busy': 'conflicts',
  'sim-absent': 'sim', 'sim-pin-required': 'sim', 'sim-puk-required': 'sim', 'sim-blocked': 'sim',
  'radio-off': 'network', 'not-registered': 'network', 'registration-denied': 'network', 'weak-signal': 'network',
  'apn-missing': 'apn', 'apn-mismatch': 'apn',
  'data-format-mismatch': 'data-format', 'usbnet-mode-wrong': 'data-format', 'autoconnect-holds-bearer': 'data-format',
  'call-failed': 'connect', 'implausible-settings': 'connect',
  'decoder-byte-shift': 'report',
};

/** The facts a step reads: present means the step could be judged. */
const STEP_FACTS: Readonly<Record<StepId, readonly (keyof Facts)[]>> = {
  detect: ['reach'], conflicts: ['ports', 'modemManager'], sim: ['sim'], network: ['radio', 'registration', 'signal'],
  apn: ['profiles'], 'data-format': ['dataFormat', 'usbMode', 'autoconnect'], connect: ['connection'], report: [],
};

/** Steps whose judgement rests on another: behind a blocked one they are skipped, not passed
 *  (a locked SIM leaves the modem unregistered without that being a network problem). */
const DEPENDS_ON: Readonly<Record<StepId, readonly StepId[]>> = {
  detect: [], conflicts: ['detect'], sim: ['detect'], network: ['detect', 'sim'], apn: ['detect', 'sim'],
  'data-format': ['detect'], connect: ['detect', 'conflicts', 'sim', 'network', 'apn', 'data-format'], report: [],
};

export interface StepInput {
  facts: Facts | null;
  findings: readonly Finding[];
  /** The selected modem's actions: the connect step is judged by the last connect test. */
  actions: readonly ActionEntry[];
  /** A diagnosis is running now. */
  running: boolean;
}

function summaryOf(id: StepId, f: Facts, actions: readonly ActionEntry[]): string | undefined {
  switch (id) {
    case 'detect': {
      const d = f.device?.value;
      const name = [d?.manufacturer, d?.model].filter(Boolean).join(' ');
      const via = [f.reach.value.qmi?.answer === 'answered' ? 'QMI' : undefined, f.reach.value.atUsed ? 'AT' : undefined].filter(Boolean).join(' + ');
      return [name || undefined, via ? `answers over ${via}` : 'no port answered'].filter(Boolean).join(', ');
    }
    case 'conflicts': {
      const holders = (f.ports?.value ?? []).flatMap((p) => p.owners.map((o) => `${o.command} (pid ${o.pid})`));
      return holders.length > 0 ? `held by ${[...new Set(holders)].join(', ')}` : f.ports ? 'no other program holds the ports' : undefined;
    }
    case 'sim': {
      const s = f.sim?.value;
      if (!s) return undefined;
      const left = s.state === 'pin-required' && s.pinLeft !== undefined ? `, ${s.pinLeft} attempts left`
        : s.state === 'puk-required' && s.pukLeft !== undefined ? `, ${s.pukLeft} PUK attempts left` : '';
      return `SIM ${s.state.replace('-', ' ')}${left}`;
    }
    case 'network': {
      const r = f.registration?.value;
      const s = f.signal?.value;
      const parts = [
        r ? `${r.state}${r.operatorName ? ` on ${r.operatorName}` : ''}${r.mcc !== undefined ? ` (${r.mcc}/${String(r.mnc ?? '').padStart(2, '0')})` : ''}` : f.radio ? `radio ${f.radio.value.mode}` : undefined,
        s?.rat && s.rat !== 'unknown' ? s.rat.toUpperCase() : undefined,
        s?.rsrp !== undefined ? `RSRP ${s.rsrp} dBm` : s?.rssi !== undefined ? `RSSI ${s.rssi} dBm` : undefined,
        s ? `signal ${s.quality}` : undefined,
      ].filter(Boolean);
      return parts.length ? parts.join(', ') : undefined;
    }
    case 'apn': {
      const p = f.profiles?.value;
      if (!p) return undefined;
      const def = p.profiles.find((x) => x.index === p.defaultIndex);
      return def?.apn ? `profile ${def.index}: ${def.apn}` : `profile ${p.defaultIndex} has no APN`;
    }
    case 'data-format': {
      const d = f.dataFormat?.value;
      if (!d) return undefined;
      return `modem ${d.modem ?? '?'}, kernel ${d.kernel ?? '?'}${f.usbMode ? `, USB mode ${f.usbMode.value.label ?? f.usbMode.value.value}` : ''}`;
    }
    case 'connect': {
      const last = lastConnect(actions);
      const s = last?.outcome?.settings as { ipv4?: string; mtu?: number } | undefined;
      if (last?.status === 'applied' && s?.ipv4) return `${s.ipv4}${s.mtu ? `, MTU ${s.mtu}` : ''}${dataPathSummary(last.outcome?.dataPath)}`;
      if (last) return last.error ?? `connect test ${last.status}`;
      return f.connection?.value.up ? 'a data session is up' : undefined;
    }
    case 'report':
      return undefined;
  }
}

/** The connect test's data path in a few words (connect-data-path.ts): lease, ping RTT, DNS, or the silence. */
function dataPathSummary(v: unknown): string {
  const d = v as { skipped?: string; dhcp?: { ok: boolean }; ping?: { ok: boolean; rttMs?: number }; dns?: { ok: boolean }; silence?: unknown } | undefined;
  if (!d || d.skipped !== undefined || !d.dhcp) return '';
  if (!d.dhcp.ok) return d.silence ? '; no lease: TX without RX (data formats disagree)' : '; no lease';
  const ping = d.ping ? (d.ping.ok ? `gateway ${d.ping.rttMs} ms` : 'gateway silent') : undefined;
  const dns = d.dns ? (d.dns.ok ? 'DNS answers' : 'DNS silent') : undefined;
  return `; lease${ping ? `, ${ping}` : ''}${dns ? `, ${dns}` : ''}`;
}

function lastConnect(actions: readonly ActionEntry[]): ActionEntry | undefined {
  for (let i = actions.length - 1; i >= 0; i--) if (actions[i]!.fix === 'connect-test') return actions[i];
  return undefined;
}

export function computeSteps(input: StepInput): StepState[] {
  const { facts, findings } = input;
  const blocked = new Set<StepId>();
  return STEP_IDS.map((id): StepState => {
    const mine = findings.filter((f) => STEP_OF[f.id] === id);
    const base = { id, title: STEP_TITLES[id], findings: mine.map((f) => f.id) };
    if (!facts) return { ...base, status: input.running ? 'running' : 'pending' };
    let status: StepStatus;
    const behind = DEPENDS_ON[id].some((d) => blocked.has(d));
    if (mine.some((f) => f.severity === 'error')) status = 'blocked';
    else if (behind && mine.length === 0) status = 'skipped';
    else if (mine.some((f) => f.severity === 'warning')) status = 'attention';
    else if (id === 'report') status = 'ok';
    else if (id === 'connect') {
      const last = lastConnect(input.actions);
      // Applied but no packets through (the data path ran and failed) is no pass either.
      const path = last?.outcome?.dataPath as { ok?: boolean; skipped?: string } | undefined;
      const pathFailed = path !== undefined && path.skipped === undefined && path.ok !== true;
      status = !last ? 'pending' : last.status === 'applied' && !pathFailed ? 'ok' : 'blocked';
    } else {
      const read = STEP_FACTS[id].some((k) => facts[k] !== undefined);
      status = read ? 'ok' : 'pending';
    }
    if (status === 'blocked' || status === 'skipped') blocked.add(id);
    if (input.running) status = 'running';
    const summary = summaryOf(id, facts, input.actions);
    return { ...base, status, ...(summary ? { summary } : {}) };
  });
}
