// Observations from the kernel's USB lines: which driver took which interface (information the
// doctor compares with what the modem should have), and a modem left in USB storage ("CD-ROM")
// mode — the device only shows usb-storage and no modem driver ever bound, possibly after
// usb_modeswitch tried. Real storage-mode lines: Ysurac/openmptcprouter#1686 (Huawei E8372),
// USBGuard/usbguard#156 (usb_modeswitch: "switch device VENDOR_ID:PRODUCT_ID on 001/028").

import { messageOf, taggedProgram } from './log-lines.ts';
import { MODEM_DRIVERS, parseUsbEpisodes, type UsbEpisode } from './kernel-binding.ts';
import type { LogLine, LogObservation } from './observation.ts';

export interface DriverBindingDetails {
  devices: Omit<UsbEpisode, 'lines'>[];
}

export interface StorageModeDetails {
  usbPath: string;
  vidPid?: string;
  product?: string;
  modeswitchTried: boolean;
}

const MODESWITCH = /usb_modeswitch|usbmode(?:\[\d+\])?:|Look for default devices|No devices in default mode found|switch device [0-9a-f]{4}:[0-9a-f]{4}/i;
const STORAGE_SCSI = /CD-ROM +\S+ +Mass Storage|Attached scsi CD-ROM/i;

export function recogniseUsbLines(lines: readonly LogLine[]): LogObservation[] {
  const episodes = parseUsbEpisodes(lines);
  const out: LogObservation[] = [];
  const withDrivers = episodes.filter((e) => e.interfaces.length > 0);
  if (withDrivers.length > 0) {
    const binding: LogObservation<DriverBindingDetails> = {
      id: 'kernel-driver-binding',
      severity: 'info',
      title: 'Kernel drivers bound to the modem\'s USB interfaces',
      summary: withDrivers.map((e) => `${e.usbPath}${e.vidPid ? ` (${e.vidPid})` : ''}: ${e.interfaces.map((b) => `if ${b.interface} ${b.driver}${b.nodes.length ? ` → ${b.nodes.join(', ')}` : ''}`).join('; ')}${e.disconnected ? ' (then disconnected)' : ''}`).join(' | '),
      evidence: withDrivers.flatMap((e) => e.lines).sort((a, b) => a.n - b.n).slice(0, 40),
      details: { devices: withDrivers.map(({ lines: _lines, ...rest }) => rest) },
    };
    out.push(binding);
  }

  const modeswitch = lines.filter((l) => MODESWITCH.test(l.text) || taggedProgram(l.text) === 'usb_modeswitch');
  const scsi = lines.filter((l) => STORAGE_SCSI.test(messageOf(l.text)));
  // The last episode per USB path decides: storage only, nothing that talks to a modem.
  const last = new Map<string, UsbEpisode>();
  for (const e of episodes) last.set(e.usbPath, e);
  for (const e of last.values()) {
    const drivers = new Set(e.interfaces.map((b) => b.driver));
    if (!drivers.has('usb-storage') && !drivers.has('uas')) continue;
    if ([...drivers].some((d) => MODEM_DRIVERS.has(d))) continue;
    const details: StorageModeDetails = { usbPath: e.usbPath, modeswitchTried: modeswitch.length > 0 };
    if (e.vidPid) details.vidPid = e.vidPid;
    if (e.product) details.product = e.product;
    const storageOut: LogObservation<StorageModeDetails> = {
      id: 'usb-storage-mode',
      finding: 'modem-in-storage-mode',
      severity: 'error',
      title: `The modem at USB ${e.usbPath}${e.vidPid ? ` (${e.vidPid})` : ''} is in storage (CD-ROM) mode`,
      summary: `The kernel saw only a USB mass-storage device there and no modem driver bound${e.disconnected ? ' before it went away' : ''}: the stick still shows its driver CD. ` +
        (modeswitch.length > 0 ? 'usb_modeswitch ran but the device did not come back as a modem: its switch message may not fit this model.' : 'Nothing switched it: install usb-modeswitch (and usb-modeswitch-data) or switch it by hand.'),
      evidence: [...e.lines, ...scsi.slice(0, 2), ...modeswitch.slice(0, 4)].sort((a, b) => a.n - b.n),
      details,
    };
    out.push(storageOut);
  }
  return out;
}
