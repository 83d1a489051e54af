// A virtual modem's data plane: its network interface (wwan0...) as a real device, a tun while
// the kernel side is in raw-ip mode and a tap in 802.3 mode (qmi_wwan's raw_ip), re-created when
// that mode changes, with the modem's end of the link answering from the model's state. Replies
// wait --latency-data ms. The kernel-view counters in the state follow the traffic.
//
// It needs root and a network namespace of its own (where it cannot disturb the machine's
// interfaces): dataPlaneRefusal() says why not, in words, before anything is created.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { ModemModel } from './model.ts';
import type { LinkLayer } from './state.ts';
import { modemReceives } from './data/modem-wire.ts';
import { PacketError } from './data/ipv4.ts';
import { TunLink, type ForeignNamespace } from './data/tun-link.ts';

export interface DataPlaneInfo {
  /** The interface name. */
  name: string;
  /** tun (bare IP, raw-ip) or tap (Ethernet, 802.3), as the kernel side is now; null while the
   *  modem is off the bus (a reset) or the device could not be made. */
  kind: 'tun' | 'tap' | null;
}

/**
 * Why the data plane cannot run here, or undefined when it can: in our own namespace, or in the
 * one process `netnsPid` is in (which must not be ours: a test's private world).
 */
export async function dataPlaneRefusal(netnsPid?: number): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'the data plane needs root: it creates network interfaces (run as root, e.g. `sudo unshare -n modem-doctor simulate --data-plane`)';
  if (netnsPid !== undefined) {
    try {
      if (fs.readlinkSync(`/proc/${netnsPid}/ns/net`) !== fs.readlinkSync('/proc/self/ns/net')) return undefined;
      return `process ${netnsPid} is in this process's own network namespace; the data plane needs a private one`;
    } catch (e) {
      return `cannot read the network namespace of process ${netnsPid}: ${(e as Error).message}`;
    }
  }
  const how = 'start it with `unshare -n modem-doctor simulate --data-plane` (or under `ip netns exec NAME`)';
  let mine: string | undefined;
  let init: string | undefined;
  try {
    mine = fs.readlinkSync('/proc/self/ns/net');
    init = fs.readlinkSync('/proc/1/ns/net');
  } catch {
    // A container may deny reading init's namespace (no CAP_SYS_PTRACE): judge by what is in ours.
  }
  if (mine !== undefined && init !== undefined) {
    return mine === init ? `the data plane runs only in a private network namespace, so its interfaces cannot disturb this machine's network: ${how}` : undefined;
  }
  let others: string[];
  try {
    others = await interfacesNotOurKind();
  } catch (e) {
    return `cannot list this network namespace's interfaces (${(e as Error).message}); the data plane runs only in a private one: ${how}`;
  }
  if (others.length > 0) {
    return `the data plane runs only in a private network namespace, so its interfaces cannot disturb this machine's network, `
      + `and this one has ${others.join(', ')}: it looks like the machine's own; ${how}`;
  }
  return undefined;
}

const IP_ENV = { ...process.env, PATH: `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/sbin:/sbin` };

function ipCommand(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ip', args, { env: IP_ENV, timeout: 5000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`ip ${args.join(' ')} failed: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/** Interfaces other than loopback and tun/tap devices (a fresh private namespace has none). */
async function interfacesNotOurKind(): Promise<string[]> {
  const links = JSON.parse(await ipCommand(['-j', '-d', 'link', 'show'])) as { ifname?: unknown; link_type?: unknown; linkinfo?: { info_kind?: unknown } }[];
  return links.filter((l) => l.link_type !== 'loopback' && l.linkinfo?.info_kind !== 'tun').map((l) => String(l.ifname));
}

export class DataPlane {
  readonly name: string;
  private readonly model: ModemModel;
  private readonly latencyMs: number;
  private readonly foreign: ForeignNamespace | undefined;
  private link: TunLink | null = null;
  private framing: LinkLayer | null = null;
  private pending: Promise<void> = Promise.resolve();
  private timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  /** Off the bus (between a reset's drop and its return): no interface, whatever the mode. */
  private detached = false;
  /** The interface's index in our namespace (null in a foreign one, or while there is none). */
  private index: number | null = null;
  /** Told the interface's index whenever the device is (re)made or goes. */
  onIndex: ((ifindex: number | null) => void) | undefined;
  private readonly onChange = (kind: string): void => {
    if (kind === 'data-format') this.follow();
  };

  private constructor(model: ModemModel, name: string, latencyMs: number, foreign: ForeignNamespace | undefined) {
    this.foreign = foreign;
    this.model = model;
    this.name = name;
    this.latencyMs = latencyMs;
  }

  /** Creates the interface in our namespace, or in `foreign`'s (see TunLink). */
  static async start(model: ModemModel, name: string, latencyMs: number, foreign?: ForeignNamespace,
    onIndex?: (ifindex: number | null) => void): Promise<DataPlane> {
    // socat and we meet on 127.0.0.1; a fresh namespace has its loopback down.
    if (!foreign) await ipCommand(['link', 'set', 'dev', 'lo', 'up']);
    const dp = new DataPlane(model, name, latencyMs, foreign);
    dp.onIndex = onIndex;
    model.on('change', dp.onChange);
    dp.follow();
    try {
      await dp.settled();
      if (!dp.link) throw new Error(`the network interface ${name} could not be created`);
    } catch (e) {
      await dp.stop();
      throw e;
    }
    return dp;
  }

  get info(): DataPlaneInfo {
    return { name: this.name, kind: this.link?.kind ?? null };
  }

  /** The socats behind the interface now (tests check they are gone after stop). */
  get socatPids(): number[] {
    return this.link?.pids ?? [];
  }

  /** Resolves when the interface matches the kernel mode (after a change is followed). */
  async settled(): Promise<void> {
    let p: Promise<void>;
    do {
      p = this.pending;
      await p;
    } while (p !== this.pending);
  }

  /** The interface's index in our namespace (what /sys/class/net/<name>/ifindex says), if any. */
  get ifindex(): number | null {
    return this.index;
  }

  /**
   * The modem dropped off USB (a reset): qmi_wwan's netdev goes with the USB interface, so the
   * interface vanishes until attach(). Resolves once it is gone.
   */
  async detach(): Promise<void> {
    this.detached = true;
    this.follow();
    await this.settled();
  }

  /** The modem is back on the bus: the interface appears again, framed as the kernel side says. */
  async attach(): Promise<void> {
    this.detached = false;
    this.follow();
    await this.settled();
  }

  /** Re-creates the interface when the kernel side's framing changed; changes queue up. */
  private follow(): void {
    const chained = this.pending.then(async () => {
      if (this.stopped) return;
      const want: LinkLayer | null = this.detached ? null : this.model.state.dataFormat.kernelRawIp ? 'raw-ip' : '802-3';
      if (want === this.framing && (this.link || want === null)) return;
      await this.closeLink();
      this.framing = want;
      if (want === null) return;
      const link = await TunLink.open(this.name, want === 'raw-ip' ? 'tun' : 'tap', this.foreign);
      if (this.stopped) { await link.close(); return; }
      link.on('packet', (p: Buffer) => this.fromKernel(link, want, p));
      this.link = link;
      if (!this.foreign) {
        this.index = await interfaceIndex(this.name).catch(() => null);
        this.onIndex?.(this.index);
      }
    });
    // A failed re-creation leaves no interface (as a driver that failed to bind); the next change tries again.
    this.pending = chained.catch(() => { this.link = null; this.framing = null; });
  }

  private async closeLink(): Promise<void> {
    const had = this.link !== null;
    await this.link?.close();
    this.link = null;
    if (had && this.index !== null) {
      this.index = null;
      this.onIndex?.(null);
    }
  }

  private fromKernel(link: TunLink, framing: LinkLayer, frame: Buffer): void {
    const stats = this.model.state.stats;
    stats.txPackets++;
    stats.txBytes += frame.length;
    let replies: Buffer[];
    try {
      replies = modemReceives(frame, this.model.state, framing);
    } catch (e) {
      if (e instanceof PacketError) return; // a malformed packet is dropped, as the network would
      throw e;
    }
    for (const r of replies) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (this.link !== link) return; // re-created meanwhile: the old device is gone
        stats.rxPackets++;
        stats.rxBytes += r.length;
        link.send(r);
      }, this.latencyMs);
      this.timers.add(t);
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.model.off('change', this.onChange);
    for (const t of this.timers) clearTimeout(t);
    await this.pending;
    await this.closeLink();
  }
}

/** The index rtnetlink gives the interface (`ip -j link show dev NAME`). */
async function interfaceIndex(name: string): Promise<number> {
  const links = JSON.parse(await ipCommand(['-j', 'link', 'show', 'dev', name])) as { ifindex?: unknown }[];
  const i = links[0]?.ifindex;
  if (typeof i !== 'number') throw new Error(`ip gave no index for ${name}`);
  return i;
}
