// Reaching the modem: nothing answers (modem-unresponsive), the AT console is on a port that is
// not AT (wrong-at-port), or the USB id is the installer CD-ROM (modem-in-storage-mode).
// A port that is held or may not be opened is not "unresponsive": holders.ts says why instead.

import type { Facts, PortAnswer } from '../facts.ts';
import type { Finding } from '../finding.ts';
import { evidenceOf } from './support.ts';

/** Port roles that never speak AT (the device table's, or what listening showed). */
const NOT_AT_ROLES: ReadonlySet<string> = new Set(['nmea', 'gps', 'diag', 'qcdm', 'audio', 'net-data']);

const EXPLAINED_ELSEWHERE: ReadonlySet<PortAnswer> = new Set(['held', 'denied']);

export function modemUnresponsive(facts: Facts): Finding[] {
  const reach = facts.reach.value;
  const tried = [...(reach.qmi ? [{ ...reach.qmi, kind: 'QMI' }] : []), ...reach.at.map((a) => ({ ...a, kind: 'AT' }))];
  if (tried.length === 0) return [];
  if (tried.some((p) => p.answer === 'answered' || EXPLAINED_ELSEWHERE.has(p.answer))) return [];
  const spoken = tried.filter((p) => p.answer === 'silent' || p.answer === 'failed');
  // Every port absent is storage mode or an unplugged modem, not a silent one.
  if (spoken.length === 0) return [];
  const what = tried.map((p) => `${p.kind} on ${p.path}: ${p.answer === 'silent' ? 'no answer' : p.answer}${p.detail ? ` (${p.detail})` : ''}`).join('; ');
  return [{
    id: 'modem-unresponsive',
    severity: 'error',
    title: 'The modem does not answer on any port',
    explanation: `The doctor asked the modem over every control port it has and got no answer: ${what}. `
      + 'The ports exist, so the USB device is there, but its firmware is not responding (it may still be booting, '
      + 'be stuck after a failed update, or be starved of power). Wait half a minute and diagnose again; if it stays '
      + 'silent, unplug it (or power-cycle the slot or router) and plug it back in; on a Raspberry Pi or a router, '
      + 'use a powered USB hub: LTE modules draw up to 2 A in bursts.',
    evidence: [evidenceOf(facts, 'reach', what)],
    fixes: [],
    values: { tried: tried.map((p) => ({ protocol: p.kind, path: p.path, answer: p.answer })) },
  }];
}

export function wrongAtPort(facts: Facts): Finding[] {
  const reach = facts.reach.value;
  const wrong = reach.at.filter((a) => a.path !== reach.atUsed && a.role !== undefined && NOT_AT_ROLES.has(a.role.toLowerCase()));
  if (wrong.length === 0) return [];
  const used = reach.atUsed;
  const names = wrong.map((w) => `${w.path} (${w.role?.toUpperCase()}${w.detail ? `: ${w.detail}` : ''})`).join(', ');
  const text = `${names}${used ? `; AT answers on ${used}` : '; no AT port answered'}`;
  return [{
    id: 'wrong-at-port',
    severity: used ? 'warning' : 'error',
    title: used ? `AT commands go to the wrong port: use ${used}` : 'The port chosen for AT commands is not an AT port',
    explanation: `${wrong.map((w) => w.path).join(' and ')} ${wrong.length === 1 ? 'is' : 'are'} not a command port: `
      + `${wrong.some((w) => /nmea|gps/i.test(w.role ?? '')) ? 'an NMEA port only streams GPS sentences ($GPGGA...) and ignores what is typed into it' : 'it carries another protocol and ignores AT commands'}, `
      + 'so a terminal opened there shows nothing, or GPS lines, and never OK. '
      + (used ? `The modem's AT port is ${used}: point your terminal, script or configuration there.`
        : 'Pick the port the device table names for AT (run `modem-doctor list` to see every port and its role).'),
    evidence: [evidenceOf(facts, 'reach', text)],
    fixes: [],
    values: { wrong: wrong.map((w) => ({ path: w.path, role: w.role })), ...(used ? { atPort: used } : {}) },
  }];
}

export function storageMode(facts: Facts): Finding[] {
  const usb = facts.device?.value.usb;
  if (!usb || usb.mode === undefined || usb.mode === 'modem') return [];
  const id = `${usb.vid.toString(16).padStart(4, '0')}:${usb.pid.toString(16).padStart(4, '0')}`;
  const storage = usb.mode === 'storage';
  return [{
    id: 'modem-in-storage-mode',
    severity: 'error',
    title: storage ? 'The modem shows up as a USB drive (CD-ROM), not as a modem' : `The modem is in its ${usb.mode === 'boot' ? 'boot loader' : 'emergency download mode'}, not running its firmware`,
    explanation: (storage
      ? `USB id ${id} is the installer CD-ROM many USB modems present first. On Linux, usb_modeswitch switches it to modem mode: install the usb-modeswitch package (and usb-modeswitch-data), then unplug and replug the modem. The modem itself is probably fine.`
      : `USB id ${id} is the module's ${usb.mode === 'boot' ? 'boot loader' : 'emergency download (Qualcomm 9008) mode'}: its modem firmware is not running, so it has no modem ports. It usually leaves a boot loader by itself within seconds; if it stays, a firmware update was interrupted and the vendor's flashing tool is needed.`)
      + (usb.modeExplanation ? ` (${usb.modeExplanation})` : ''),
    evidence: [evidenceOf(facts, 'device', `USB ${id}${usb.vendorName ? ` (${usb.vendorName})` : ''}: ${usb.mode} mode`)],
    fixes: [],
    values: { usbId: id, mode: usb.mode },
  }];
}
