// `mmcli -m N` output: ModemManager's own verdict on the modem. Its table rows are
// "  Section  |   key: value" with continuation rows "           |   key: value"; we read the
// Status and 3GPP rows (ModemManager's mmcli-modem.c prints state, failed reason, power state,
// lock, registration). Real example (xmm7360/xmm7360-pci#227):
//   Status   |             state: failed
//            |     failed reason: sim-missing
//            |       power state: low

import { messageOf } from './log-lines.ts';
import type { LogLine, LogObservation } from './observation.ts';

export interface MmcliStatusDetails {
  state?: string;
  failedReason?: string;
  powerState?: string;
  lock?: string;
  registration?: string;
}

const ROW = /^\s*(?:[\w][\w ]*?)?\s*\|\s*([a-z][a-z0-9 -]*?):\s+(.*?)\s*$/i;
const KEYS: Record<string, keyof MmcliStatusDetails> = {
  state: 'state', 'failed reason': 'failedReason', 'power state': 'powerState', lock: 'lock', registration: 'registration',
};

interface Verdict { finding: string; severity: 'error' | 'warning'; title: string; summary: string; key: keyof MmcliStatusDetails }

function verdicts(d: MmcliStatusDetails): Verdict[] {
  const out: Verdict[] = [];
  if (d.state === 'failed') {
    if (d.failedReason === 'sim-missing') out.push({ key: 'failedReason', finding: 'sim-absent', severity: 'error', title: 'ModemManager finds no SIM card', summary: 'mmcli says the modem failed with "sim-missing": no SIM is inserted, or it is not making contact. Power off, reseat the SIM (right way round, right slot), power on.' });
    else out.push({ key: 'failedReason', finding: 'modem-failed', severity: 'error', title: `ModemManager gave up on the modem (${d.failedReason ?? 'no reason given'})`, summary: `mmcli says the modem is in the failed state${d.failedReason ? ` because of "${d.failedReason}"` : ''}.` });
    return out;
  }
  if (d.lock === 'sim-pin') out.push({ key: 'lock', finding: 'sim-pin-required', severity: 'error', title: 'The SIM wants its PIN', summary: 'mmcli shows the modem locked with "sim-pin": enter the SIM PIN before anything else works.' });
  else if (d.lock === 'sim-puk') out.push({ key: 'lock', finding: 'sim-puk-required', severity: 'error', title: 'The SIM is blocked and wants its PUK', summary: 'mmcli shows the modem locked with "sim-puk": three wrong PINs blocked the SIM; the PUK (from the SIM\'s card or the provider) unblocks it and sets a new PIN.' });
  if (d.registration === 'denied') out.push({ key: 'registration', finding: 'registration-denied', severity: 'error', title: 'The network refuses to register the SIM', summary: 'mmcli shows the 3GPP registration "denied": the network rejected this SIM (inactive, barred, or no roaming allowed). Ask the provider.' });
  else if ((d.registration === 'idle' || d.registration === 'searching') && d.state !== 'disabled') out.push({ key: 'registration', finding: 'not-registered', severity: 'warning', title: 'Not registered on a network', summary: `mmcli shows the 3GPP registration "${d.registration}": the modem has no network yet (signal, antenna, bands or the SIM's provider).` });
  if (d.powerState === 'low' && out.length === 0) out.push({ key: 'powerState', finding: 'radio-off', severity: 'warning', title: 'The radio is off (low power)', summary: 'mmcli shows power state "low": the modem is not transmitting (disabled, rfkill, or a laptop module still FCC-locked).' });
  return out;
}

export function recogniseMmcliStatus(lines: readonly LogLine[]): LogObservation<MmcliStatusDetails>[] {
  const out: LogObservation<MmcliStatusDetails>[] = [];
  let d: MmcliStatusDetails = {};
  let where: Partial<Record<keyof MmcliStatusDetails, LogLine>> = {};
  let header: LogLine | undefined;
  const flush = () => {
    for (const v of verdicts(d)) {
      const evidence = [header, where.state, where[v.key]].filter((l): l is LogLine => l !== undefined);
      out.push({ id: 'mmcli-status', finding: v.finding, severity: v.severity, title: v.title, summary: v.summary, evidence: [...new Map(evidence.map((l) => [l.n, l])).values()], details: { ...d } });
    }
    d = {};
    where = {};
  };
  for (const line of lines) {
    const msg = messageOf(line.text);
    // Each `mmcli -m N` dump starts with the General row naming the modem's D-Bus path.
    if (/\|\s*path: \/org\/freedesktop\/ModemManager1\/Modem\/\d+/.test(msg)) { flush(); header = line; continue; }
    const m = ROW.exec(msg);
    if (!m || !header) continue;
    const key = KEYS[(m[1] as string).toLowerCase()];
    if (!key || d[key] !== undefined) continue;
    d[key] = (m[2] as string).replace(/^'|'$/g, '');
    where[key] = line;
  }
  flush();
  return out;
}
