// Which kernel driver took which USB interface, from dmesg/logread/journal lines. The formats
// are the drivers' own log calls, e.g. (real lines, raspberrypi/linux#1880, solus#100,
// libqmi-devel 2015-10, openmptcprouter#3761):
//   usb 1-1.4: New USB device found, idVendor=2c7c, idProduct=0121
//   qmi_wwan 1-1.4:1.4: cdc-wdm0: USB WDM device
//   qmi_wwan 1-1.4:1.4 wwan0: register 'qmi_wwan' at usb-3f980000.usb-1.4, WWAN/QMI device, ce:db:66:0e:df:26
//   option 2-2:1.2: GSM modem (1-port) converter detected
//   usb 2-2: GSM modem (1-port) converter now attached to ttyUSB2
//   usb-storage 2-2:1.3: USB Mass Storage device detected
//   cdc_mbim 1-7:2.12 wwp0s20u7c2i12: renamed from wwan0
//   rndis_host 3-1.5:1.0 usb0: register 'rndis_host' at usb-xhci-hcd.2.auto-1.5, RNDIS device, ...
// "1-1.4:1.4" is bus-port path, then configuration.interface. A device's life between "New USB
// device found" and "USB disconnect" is one episode: a modem that re-enumerates (usb_modeswitch,
// a usbnet change) starts a new one.

import { messageOf } from './log-lines.ts';
import type { LogLine } from './observation.ts';

export interface BoundInterface {
  configuration: number;
  interface: number;
  driver: string;
  /** Device nodes and network interfaces it created: cdc-wdm0, wwan0, ttyUSB2, ... */
  nodes: string[];
}

export interface UsbEpisode {
  usbPath: string;
  vidPid?: string;
  product?: string;
  manufacturer?: string;
  interfaces: BoundInterface[];
  disconnected: boolean;
  lines: LogLine[];
}

/** Modem drivers: serial (AT/NMEA/DIAG) and network/control. */
export const MODEM_DRIVERS = new Set(['qmi_wwan', 'qmi_wwan_q', 'cdc_mbim', 'cdc_ether', 'cdc_ncm', 'huawei_cdc_ncm', 'rndis_host', 'cdc_acm', 'option', 'qcserial', 'sierra', 'sierra_net', 'GobiNet', 'usb_wwan']);

const IFACE_LINE = /^([\w-]+) (\d+-[\d.]+):(\d+)\.(\d+):? (.*)$/;
const USB_LINE = /^usb (\d+-[\d.]+): (.*)$/;
const NEW_DEVICE = /^New USB device found, idVendor=([0-9a-f]{4}), idProduct=([0-9a-f]{4})/i;
const ATTACHED = /^(.+) converter now attached to (tty\w+)$/;
const DETECTED = /^(.+) converter detected$/;

export function parseUsbEpisodes(lines: readonly LogLine[]): UsbEpisode[] {
  const episodes: UsbEpisode[] = [];
  const current = new Map<string, UsbEpisode>();
  const episodeFor = (path: string): UsbEpisode => {
    let e = current.get(path);
    if (!e) { e = { usbPath: path, interfaces: [], disconnected: false, lines: [] }; current.set(path, e); episodes.push(e); }
    return e;
  };
  // "converter detected" names the interface; "now attached to ttyUSBn" (logged by "usb <path>")
  // names the tty: pair them in order per path and converter name.
  const pendingConverters = new Map<string, BoundInterface[]>();

  for (const line of lines) {
    const msg = messageOf(line.text);
    const u = USB_LINE.exec(msg);
    if (u) {
      const path = u[1] as string;
      const rest = u[2] as string;
      const nd = NEW_DEVICE.exec(rest);
      if (nd) {
        current.delete(path);
        const e = episodeFor(path);
        e.vidPid = `${(nd[1] as string).toLowerCase()}:${(nd[2] as string).toLowerCase()}`;
        e.lines.push(line);
        continue;
      }
      if (/^USB disconnect/.test(rest)) {
        const e = current.get(path);
        if (e) { e.disconnected = true; e.lines.push(line); current.delete(path); }
        continue;
      }
      const p = /^Product: (.*)$/.exec(rest);
      if (p) { episodeFor(path).product = (p[1] as string).trim(); continue; }
      const m = /^Manufacturer: (.*)$/.exec(rest);
      if (m) { episodeFor(path).manufacturer = (m[1] as string).trim(); continue; }
      const a = ATTACHED.exec(rest);
      if (a) {
        const queue = pendingConverters.get(`${path}|${a[1]}`);
        const bound = queue?.shift();
        if (bound) { bound.nodes.push(a[2] as string); episodeFor(path).lines.push(line); }
      }
      continue;
    }
    const i = IFACE_LINE.exec(msg);
    if (!i) continue;
    const driver = i[1] as string;
    if (driver === 'usb') continue;
    const path = i[2] as string;
    const configuration = Number(i[3]);
    const number = Number(i[4]);
    const rest = i[5] as string;
    const isBinding = /USB WDM device|: register '|converter detected|USB ACM device|USB Mass Storage device detected|renamed from/.test(rest);
    const known = current.get(path)?.interfaces.find((b) => b.configuration === configuration && b.interface === number && b.driver === driver);
    if (!known && !isBinding) continue;
    const e = episodeFor(path);
    let bound = known;
    if (!bound) { bound = { configuration, interface: number, driver, nodes: [] }; e.interfaces.push(bound); }
    e.lines.push(line);
    const node = /^(cdc-wdm\d+|tty\w+): /.exec(rest)?.[1] ?? /^([\w.-]+): register '/.exec(rest)?.[1];
    if (node && !bound.nodes.includes(node)) bound.nodes.push(node);
    const renamed = /^([\w.-]+): renamed from ([\w.-]+)/.exec(rest);
    if (renamed) {
      const idx = bound.nodes.indexOf(renamed[2] as string);
      if (idx >= 0) bound.nodes[idx] = renamed[1] as string; else bound.nodes.push(renamed[1] as string);
    }
    const det = DETECTED.exec(rest);
    if (det) {
      const key = `${path}|${det[1]}`;
      const q = pendingConverters.get(key) ?? [];
      q.push(bound);
      pendingConverters.set(key, q);
    }
  }
  return episodes;
}
