// A DHCP client that keeps sending DISCOVERs while the interface receives nothing: the classic
// sign that the modem and the kernel disagree on the data format (raw-ip vs 802.3). In either
// mismatch qmi_wwan's receive path passes nothing usable up, so RX stays at 0 while TX grows
// (Linux drivers/net/usb/qmi_wwan.c, qmi_wwan_rx_fixup; raw_ip in the interface's sysfs qmi/).
// Recognised from busybox udhcpc ("udhcpc: sending discover", "udhcpc: no lease, failing"),
// ISC dhclient ("DHCPDISCOVER on wwan0 ...", "No DHCPOFFERS received."), and the counters of
// ifconfig (old and new net-tools) or `ip -s link`.

import { messageOf } from './log-lines.ts';
import type { LogLine, LogObservation } from './observation.ts';

export interface DhcpNoReplyDetails {
  discovers: number;
  interface?: string;
  rxPackets?: number;
  txPackets?: number;
  /** strong: RX 0 with TX > 0 seen; weak: discovers without an answer, no counters. */
  strength: 'strong' | 'weak';
}

const DISCOVER = /\budhcpc(?:\[\d+\])?: sending discover\b|\bDHCPDISCOVER on (\S+)/;
const GAVE_UP = /\budhcpc(?:\[\d+\])?: no lease, failing\b|No DHCPOFFERS received/;
const LEASED = /\budhcpc(?:\[\d+\])?: lease of \S+ obtained|\bDHCPACK (?:of|from)\b|\bbound to \d+\.\d+\.\d+\.\d+/;
// Interface headers: ifconfig "wwan0: flags=..." / "wwan0     Link encap:UNSPEC", ip "5: wwan0: <POINTOPOINT,...>".
const IFACE_HEADER = /^(?:\d+:\s+)?([a-z][\w.-]*?)(?::\s+(?:flags=|<)|\s+Link encap:)/;
const RX_IFCONFIG = /\bRX packets[: ]\s*(\d+)/;
const TX_IFCONFIG = /\bTX packets[: ]\s*(\d+)/;
const IP_S_HEADER = /^\s*(RX|TX):\s+bytes\s+packets\b/;

export function recogniseDhcpNoReply(lines: readonly LogLine[]): LogObservation<DhcpNoReplyDetails>[] {
  const discovers: LogLine[] = [];
  const gaveUp: LogLine[] = [];
  let leased = false;
  let iface: string | undefined;
  let discoverIface: string | undefined;
  const counters = new Map<string, { rx?: number; tx?: number; lines: LogLine[] }>();
  let pendingIpS: 'RX' | 'TX' | undefined;

  for (const line of lines) {
    const msg = messageOf(line.text);
    const d = DISCOVER.exec(msg);
    if (d) { discovers.push(line); if (d[1]) discoverIface = d[1]; }
    if (GAVE_UP.test(msg)) gaveUp.push(line);
    if (LEASED.test(msg)) leased = true;

    const h = IFACE_HEADER.exec(msg);
    if (h) { iface = h[1]; pendingIpS = undefined; continue; }
    if (!iface) continue;
    const c = counters.get(iface) ?? { lines: [] };
    if (pendingIpS) {
      const nums = msg.split(/\s+/).map(Number);
      if (nums.length >= 2 && nums.every((x) => Number.isInteger(x))) {
        if (pendingIpS === 'RX') c.rx = nums[1]; else c.tx = nums[1];
        c.lines.push(line);
        counters.set(iface, c);
      }
      pendingIpS = undefined;
      continue;
    }
    const ipS = IP_S_HEADER.exec(msg);
    if (ipS) { pendingIpS = ipS[1] as 'RX' | 'TX'; c.lines.push(line); counters.set(iface, c); continue; }
    const rx = RX_IFCONFIG.exec(msg);
    if (rx) { c.rx = Number(rx[1]); c.lines.push(line); counters.set(iface, c); }
    const tx = TX_IFCONFIG.exec(msg);
    if (tx) { c.tx = Number(tx[1]); c.lines.push(line); counters.set(iface, c); }
  }
  if (discovers.length === 0 || leased) return [];

  // The interface whose RX is 0 while it sent: the DHCP client's, or any wwan-looking one.
  const silent = [...counters.entries()].find(([name, c]) => c.rx === 0 && (c.tx ?? 0) > 0 && (discoverIface ? name === discoverIface : true));
  if (!silent && gaveUp.length === 0) return [];
  const details: DhcpNoReplyDetails = { discovers: discovers.length, strength: silent ? 'strong' : 'weak' };
  const name = silent?.[0] ?? discoverIface;
  if (name) details.interface = name;
  if (silent) { details.rxPackets = 0; if (silent[1].tx !== undefined) details.txPackets = silent[1].tx; }
  const evidence = [...discovers.slice(0, 3), ...gaveUp.slice(0, 1), ...(silent?.[1].lines ?? [])].sort((a, b) => a.n - b.n);
  return [{
    id: 'dhcp-no-reply',
    finding: 'data-format-mismatch',
    severity: silent ? 'error' : 'warning',
    title: silent ? `DHCP gets no answer and ${name} receives nothing: the data format does not match` : 'DHCP gets no answer on the modem interface',
    summary: silent
      ? `The DHCP client sent ${discovers.length} DISCOVER${discovers.length === 1 ? '' : 's'} and ${name} received 0 packets while sending ${details.txPackets ?? 'some'}: the modem and the kernel disagree on raw-ip vs 802.3 framing, so nothing the modem sends gets through. Make them agree (WDA data format vs /sys/class/net/${name}/qmi/raw_ip).`
      : `The DHCP client sent ${discovers.length} DISCOVER${discovers.length === 1 ? '' : 's'} and got no lease. With a connected bearer this is most often a raw-ip/802.3 mismatch; the log has no interface counters to confirm (RX 0 would).`,
    evidence,
    details,
  }];
}
