// USB attach and detach, seen within a second. Two sources, one answer:
//  - libusb's hotplug callbacks (node-usb 'attach'/'detach'), where libusb has them: they only
//    trigger an immediate look, so what they say and what sysfs says cannot disagree;
//  - a look at sysfs every `intervalMs` (250 ms by default), which is what works everywhere,
//    including under umockdev (no kernel uevents reach libusb there) and where libusb is missing.
// A look costs one opendir of /sys/bus/usb/devices and three small reads per device.
// A device is keyed by its sysfs name, VID:PID and device number: a replug into the same port
// gets a new device number, so even a quick one is seen as a detach followed by an attach.

import { EventEmitter } from 'node:events';
import path from 'node:path';
import { hex4 } from './device-table.ts';
import { loadUsb } from './usb-libusb.ts';
import { readDec, readHex, resolveLink } from './sysfs-read.ts';
import { usbDeviceNames } from './usb-sysfs.ts';

export interface UsbPresence {
  /** sysfs name: 1-1. */
  id: string;
  sysPath: string;
  vid: string;
  pid: string;
  devnum?: number;
}

export interface UsbChange {
  event: 'attach' | 'detach';
  device: UsbPresence;
}

export interface WatchOptions {
  intervalMs?: number;
  sysRoot?: string;
  /** Also listen to libusb's hotplug callbacks (default true). */
  libusb?: boolean;
}

const keyOf = (d: UsbPresence): string => `${d.id}|${d.vid}:${d.pid}|${d.devnum ?? ''}`;

/** The USB devices present now (root hubs excluded), cheaply: no interfaces, no nodes. */
export function usbPresence(sysRoot = '/sys'): UsbPresence[] {
  const out: UsbPresence[] = [];
  for (const id of usbDeviceNames(sysRoot)) {
    const link = path.join(sysRoot, 'bus', 'usb', 'devices', id);
    const sysPath = resolveLink(link) ?? link;
    const vid = readHex(path.join(sysPath, 'idVendor'));
    const pid = readHex(path.join(sysPath, 'idProduct'));
    if (vid === undefined || pid === undefined) continue; // going away as we look
    const devnum = readDec(path.join(sysPath, 'devnum'));
    out.push({ id, sysPath, vid: hex4(vid), pid: hex4(pid), ...(devnum !== undefined ? { devnum } : {}) });
  }
  return out;
}

export interface UsbWatcherEvents {
  change: [UsbChange];
}

/** Emits 'change' for every attach and detach after start(); the devices present at start() are its baseline. */
export class UsbWatcher extends EventEmitter<UsbWatcherEvents> {
  private known = new Map<string, UsbPresence>();
  private timer: NodeJS.Timeout | null = null;
  private readonly intervalMs: number;
  private readonly sysRoot: string;
  private readonly useLibusb: boolean;
  private unhook: (() => void) | null = null;
  private stopped = false;

  constructor(opts: WatchOptions = {}) {
    super();
    this.intervalMs = opts.intervalMs ?? 250;
    this.sysRoot = opts.sysRoot ?? '/sys';
    this.useLibusb = opts.libusb ?? true;
  }

  /** Devices present now, as last seen. */
  get present(): UsbPresence[] {
    return [...this.known.values()];
  }

  async start(): Promise<void> {
    for (const d of usbPresence(this.sysRoot)) this.known.set(keyOf(d), d);
    this.timer = setInterval(() => this.look(), this.intervalMs);
    if (this.useLibusb) await this.hookLibusb();
  }

  private async hookLibusb(): Promise<void> {
    try {
      const { usb } = await loadUsb();
      if (this.stopped) return;
      const poke = (): void => this.look();
      usb.on('attach', poke);
      usb.on('detach', poke);
      this.unhook = () => { usb.off('attach', poke); usb.off('detach', poke); };
    } catch {
      // no libusb: sysfs alone
    }
  }

  /** Compares what is present with what was, and emits the difference. */
  look(): void {
    if (this.stopped) return;
    const now = new Map(usbPresence(this.sysRoot).map((d) => [keyOf(d), d]));
    for (const [k, d] of this.known) if (!now.has(k)) this.emit('change', { event: 'detach', device: d });
    for (const [k, d] of now) if (!this.known.has(k)) this.emit('change', { event: 'attach', device: d });
    this.known = now;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unhook?.();
    this.unhook = null;
  }
}
