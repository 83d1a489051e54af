// The virtual modem's kernel side as files: <dir>/sys/class/net/<iface>/ with the attributes the
// doctor reads from a real /sys (kernel Documentation/ABI/testing/sysfs-class-net,
// sysfs-class-net-statistics, sysfs-class-net-qmi): operstate, flags, type, mtu, the four
// counters, and qmi/raw_ip for a qmi_wwan interface. Writes to raw_ip are followed (the doctor's
// fix writes the file, as it would /sys), so the virtual modem's kernel framing changes with them.
// Point the engine at it with sysfsRoot (or MODEM_DOCTOR_SYSFS_ROOT).

import fs from 'node:fs';
import path from 'node:path';
import type { ModemModel } from './model.ts';
import type { ModemProfile } from './profiles/index.ts';

/** IFF_BROADCAST | IFF_MULTICAST without IFF_UP (include/uapi/linux/if.h): the host has not
 *  brought the link up, so raw_ip may be changed (qmi_wwan refuses while it is up). */
const FLAGS_DOWN = '0x1002';
/** ARPHRD_NONE for qmi_wwan in raw-ip mode, ARPHRD_ETHER otherwise (qmi_wwan.c, qmi_wwan_netdev_setup). */
const ARPHRD_NONE = 65534;
const ARPHRD_ETHER = 1;

interface NetIface { name: string; qmi: boolean }

export class SysfsTree {
  /** The folder to hand the engine as sysfsRoot. */
  readonly root: string;
  private readonly model: ModemModel;
  private readonly profile: ModemProfile;
  private watchers: fs.FSWatcher[] = [];
  private ifaces: NetIface[] = [];
  private closed = false;
  private readonly onChange = (): void => this.refresh();

  private readonly index: number;
  /** Interfaces that are real in this namespace (the data plane's) by name: their rtnetlink index. */
  private readonly realIndex = new Map<string, number>();

  /** `index`: modem N of a fleet names its interfaces as the kernel would number them (wwan0 + N). */
  constructor(dir: string, model: ModemModel, profile: ModemProfile, index = 0) {
    this.root = path.join(dir, 'sys');
    this.model = model;
    this.profile = profile;
    this.index = index;
    model.on('change', this.onChange);
  }

  /** The network interfaces of the current USB composition; the first is "the" modem's. */
  get netNames(): string[] {
    return this.ifaces.map((i) => i.name);
  }

  private netDir(name: string): string {
    return path.join(this.root, 'class', 'net', name);
  }

  /** (Re)creates the tree for the current composition: after start and after every re-enumeration. */
  build(): void {
    if (this.closed) return;
    this.unwatch();
    fs.rmSync(path.join(this.root, 'class', 'net'), { recursive: true, force: true });
    const layout = this.profile.layout(this.model.state.usbComposition);
    this.ifaces = layout.interfaces.filter((i) => i.netName !== undefined)
      .map((i) => ({ name: this.numbered(i.netName as string), qmi: i.driver === 'qmi_wwan' }));
    for (const i of this.ifaces) {
      fs.mkdirSync(path.join(this.netDir(i.name), 'statistics'), { recursive: true });
      if (i.qmi) fs.mkdirSync(path.join(this.netDir(i.name), 'qmi'), { recursive: true });
      this.writeNow(i);
      if (i.qmi) this.watchRawIp(i);
    }
  }

  private numbered(name: string): string {
    const m = /^(.*?)(\d+)$/.exec(name);
    return m ? `${m[1]}${Number(m[2]) + this.index}` : name;
  }

  /** Writes an attribute only when its text changes (so our own writes do not echo as changes). */
  private put(file: string, text: string): void {
    let cur: string | undefined;
    try { cur = fs.readFileSync(file, 'utf8'); } catch { /* not there yet */ }
    if (cur !== `${text}\n`) fs.writeFileSync(file, `${text}\n`);
  }

  private writeNow(i: NetIface): void {
    const d = this.netDir(i.name);
    const s = this.model.state;
    const rawIp = i.qmi && s.dataFormat.kernelRawIp;
    this.put(path.join(d, 'operstate'), 'down');
    this.put(path.join(d, 'flags'), FLAGS_DOWN);
    this.put(path.join(d, 'type'), String(rawIp ? ARPHRD_NONE : ARPHRD_ETHER));
    this.put(path.join(d, 'mtu'), '1500');
    this.put(path.join(d, 'statistics', 'rx_bytes'), String(s.stats.rxBytes));
    this.put(path.join(d, 'statistics', 'tx_bytes'), String(s.stats.txBytes));
    this.put(path.join(d, 'statistics', 'rx_packets'), String(s.stats.rxPackets));
    this.put(path.join(d, 'statistics', 'tx_packets'), String(s.stats.txPackets));
    if (i.qmi) this.put(path.join(d, 'qmi', 'raw_ip'), s.dataFormat.kernelRawIp ? 'Y' : 'N');
    // ifindex only for an interface that exists (the data plane's): the engine compares it with
    // rtnetlink's before it sends packets, so a name that is only a file here is never used.
    const real = this.realIndex.get(i.name);
    if (real !== undefined) this.put(path.join(d, 'ifindex'), String(real));
    else fs.rmSync(path.join(d, 'ifindex'), { force: true });
  }

  /** The data plane made (or removed: null) the real interface `name` with this index. */
  setIfindex(name: string, ifindex: number | null): void {
    if (ifindex === null) this.realIndex.delete(name);
    else this.realIndex.set(name, ifindex);
    this.refresh();
  }

  private refresh(): void {
    if (this.closed) return;
    try {
      for (const i of this.ifaces) if (fs.existsSync(this.netDir(i.name))) this.writeNow(i);
    } catch { /* the folder is being rebuilt or removed */ }
  }

  /** Reads raw_ip as written and applies it; a value the kernel would refuse (EINVAL) is put back. */
  syncFromDisk(): void {
    if (this.closed) return;
    for (const i of this.ifaces.filter((x) => x.qmi)) {
      const file = path.join(this.netDir(i.name), 'qmi', 'raw_ip');
      let text: string;
      try { text = fs.readFileSync(file, 'utf8').trim().toUpperCase(); } catch { continue; }
      // The kernel's raw_ip_store() takes what strtobool() takes: Y/N, 1/0.
      const y = text === 'Y' || text === '1' ? true : text === 'N' || text === '0' ? false : undefined;
      if (y === undefined) {
        this.writeNow(i);
        continue;
      }
      if (y !== this.model.state.dataFormat.kernelRawIp) this.model.setKernelRawIp(y);
      else this.writeNow(i);
    }
  }

  private watchRawIp(i: NetIface): void {
    try {
      const w = fs.watch(path.join(this.netDir(i.name), 'qmi'), () => this.syncFromDisk());
      w.on('error', () => undefined);
      w.unref();
      this.watchers.push(w);
    } catch { /* no inotify: syncFromDisk() is still there for callers */ }
  }

  private unwatch(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  remove(): void {
    this.closed = true;
    this.model.off('change', this.onChange);
    this.unwatch();
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
