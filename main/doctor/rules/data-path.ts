// The data path on the host side of QMI: the modem's link layer (WDA) against qmi_wwan's raw_ip,
// a USB composition without the QMI network function, and the modem's own autoconnect holding
// the session (Start Network then answers NO_EFFECT and the host never learns the settings).

import type { Facts, LinkLayer } from '../facts.ts';
import type { Evidence, Finding } from '../finding.ts';
import { evidenceOf } from './support.ts';

const LL_WORDS: Record<LinkLayer, string> = { 'raw-ip': 'raw IP', '802-3': '802.3 (Ethernet framing)' };

export function dataFormatMismatch(facts: Facts): Finding[] {
  const d = facts.dataFormat?.value;
  if (!d || d.modem === undefined || d.kernel === undefined || d.modem === d.kernel) return [];
  const iface = d.iface ?? 'the network interface';
  // raw-ip is what current modules and qmi_wwan (Linux >= 4.5) agree on; a raw-ip-only firmware
  // leaves no choice. So the kernel follows a raw-ip modem, and an 802.3 modem moves to raw-ip.
  const target: LinkLayer = 'raw-ip';
  const c = d.counters;
  const signature = c !== undefined && c.txPackets > 0 && c.rxPackets === 0;
  const evidence: Evidence[] = [
    evidenceOf(facts, 'dataFormat', `WDA link layer: ${d.modem}; /sys/class/net/${d.iface ?? '?'}/qmi/raw_ip: ${d.kernel === 'raw-ip' ? 'Y' : 'N'}${d.modemRawIpOnly ? ' (the firmware does raw-ip only)' : ''}`),
  ];
  if (c) evidence.push(evidenceOf(facts, 'dataFormat', `${iface} counters: TX ${c.txPackets} packets (${c.txBytes} bytes), RX ${c.rxPackets} packets (${c.rxBytes} bytes)`));
  const changes = [d.kernel !== target ? `the kernel's ${iface} to raw IP` : '', d.modem !== target ? 'the modem (WDA) to raw IP' : ''].filter((x) => x !== '').join(' and ');
  return [{
    id: 'data-format-mismatch',
    severity: 'error',
    title: 'The modem and the kernel frame data packets differently',
    explanation: `The modem sends and expects ${LL_WORDS[d.modem]} packets, but the kernel's qmi_wwan driver on ${iface} uses ${LL_WORDS[d.kernel]}. `
      + 'Each side throws away what the other sends, so the connection looks up but nothing gets through: DHCP never gets an answer and no page loads. '
      + (signature ? `The counters show it: ${c?.txPackets} packets sent, none received. ` : '')
      + `Setting ${changes} makes them agree (the interface is taken down for a moment to change it).`,
    evidence,
    fixes: [{ fix: 'align-data-format', label: `Set ${changes}`, options: { linkLayer: target } }],
    values: { modem: d.modem, kernel: d.kernel, target, ...(signature ? { txPackets: c?.txPackets, rxPackets: 0 } : {}) },
  }];
}

export function usbnetModeWrong(facts: Facts): Finding[] {
  const u = facts.usbMode?.value;
  if (!u || u.hasQmi) return [];
  const model = facts.device?.value.model ?? 'the modem';
  const pendingQmi = u.pending !== undefined && u.qmiValue !== undefined && u.pending === u.qmiValue;
  return [{
    id: 'usbnet-mode-wrong',
    severity: 'error',
    title: `The modem is in a USB mode without QMI${u.label ? ` (${u.label})` : ''}`,
    explanation: `${model} presents itself over USB in composition ${u.value}${u.label ? ` (${u.label})` : ''}, which has no QMI network port, `
      + 'so QMI tools (qmicli, uqmi, this doctor\'s data checks) cannot set up a connection. '
      + (pendingQmi ? `A switch to ${u.qmiValue} is already written and takes effect at the next reset. ` : '')
      + (u.qmiValue !== undefined ? `Switching it to ${u.qmiValue} (QMI) makes the modem reset and come back with a QMI port in about 20 seconds; the setting is kept across restarts.`
        : 'Switch it to the vendor\'s QMI (rmnet) composition with the vendor\'s command; the modem resets to apply it.'),
    evidence: [evidenceOf(facts, 'usbMode', `USB composition: ${u.value}${u.label ? ` (${u.label})` : ''}, no QMI${u.pending !== undefined ? `; pending ${u.pending}` : ''}`)],
    fixes: u.qmiValue !== undefined ? [{ fix: 'set-usbnet-mode', label: `Switch the USB mode to ${u.qmiValue} (QMI); the modem resets`, options: { value: String(u.qmiValue) } }] : [],
    values: { value: u.value, ...(u.qmiValue !== undefined ? { qmiValue: u.qmiValue } : {}) },
  }];
}

export function autoconnectHoldsBearer(facts: Facts): Finding[] {
  const a = facts.autoconnect?.value;
  if (!a || !a.bearerHeld) return [];
  return [{
    id: 'autoconnect-holds-bearer',
    severity: 'warning',
    title: 'The modem\'s own autoconnect holds the data session',
    explanation: 'The modem started a data session by itself (its autoconnect setting) and keeps it. '
      + 'A connection started from this computer then gets "no effect" back (the session is already up), without the address, gateway and DNS the computer needs, '
      + 'and tools like uqmi, qmicli or NetworkManager give up or wait forever. Turning autoconnect off ends that session so a connection can be started and seen; '
      + 'turn it back on later if the modem should connect by itself.',
    evidence: [evidenceOf(facts, 'autoconnect', `Autoconnect: ${a.setting}; a data session is up that this computer did not start`)],
    fixes: [{ fix: 'disable-autoconnect', label: 'Turn the modem\'s autoconnect off (and end the session it holds)' }],
    values: { setting: a.setting },
  }];
}
