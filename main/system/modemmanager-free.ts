// The three ways of taking a modem back from ModemManager, as engine calls the `free` command and
// the doctor's free-device fix share: inhibit (held on our D-Bus connection until released or
// until this process ends), and the USB ids the ignore rule needs.

import fs from 'node:fs';
import path from 'node:path';
import { findModem, inhibit, MmError, modemManagerStatus, type BusOptions, type MmInhibition } from './modemmanager.ts';

/** Inhibits the modem `device` names and waits until ModemManager no longer lists it, so that
 *  "free" means free when this returns (MM answers InhibitDevice before it has let go). */
export async function inhibitUntilReleased(device: string, opts: BusOptions = {}): Promise<{ held: MmInhibition; ms: number }> {
  const started = Date.now();
  const held = await inhibit(device, opts);
  for (let i = 0; i < 100; i++) {
    const s = await modemManagerStatus(opts);
    if (!s.modems.some((m) => m.device === held.uid)) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return { held, ms: Date.now() - started };
}

/** VID:PID for the ignore rule: typed as such, or read from the USB device MM has for `device`. */
export async function usbIdsFor(device: string, opts: BusOptions = {}): Promise<{ vid: number; pid: number }> {
  const typed = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(device);
  if (typed) return { vid: parseInt(typed[1]!, 16), pid: parseInt(typed[2]!, 16) };
  const status = await modemManagerStatus(opts);
  const sysfs = findModem(status.modems, device)?.device ?? (device.startsWith('/sys/') ? device : undefined);
  if (!sysfs) {
    throw new MmError('no-such-device', `cannot tell which USB device ${device} is${status.running ? ' (ModemManager does not list it)' : ''}: give its VID:PID instead, e.g. modem-doctor free 2c7c:0125 --ignore`);
  }
  // Read with readFile only: stat-by-path does not see umockdev's sysfs, and it is the USB device's own directory.
  const read = (attr: string): number => parseInt(fs.readFileSync(path.join(sysfs, attr), 'utf8').trim(), 16);
  try {
    return { vid: read('idVendor'), pid: read('idProduct') };
  } catch (e) {
    throw new MmError('no-such-device', `cannot read the USB ids of ${sysfs} (${(e as Error).message}): give VID:PID instead`);
  }
}
