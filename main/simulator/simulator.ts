// A running virtual modem: the model, one PTY per port of the current USB layout with its face
// (QMI, AT, NMEA, QCDM on DIAG, silent audio), and the umockdev description of the kernel side. A
// composition change re-enumerates (ports vanish and come back); unplug makes them vanish, replug
// brings them back.

import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { AtFace } from './at-face.ts';
import { DataPlane, dataPlaneRefusal } from './data-plane.ts';
import { DiagFace } from './diag-face.ts';
import { ModemModel } from './model.ts';
import { nmeaBurst } from './nmea.ts';
import { PortHost } from './port-host.ts';
import { profileById, PROFILES, type ModemProfile } from './profiles/index.ts';
import { openPty, type PtyPort } from './pty.ts';
import { QmiFace } from './qmi-face.ts';
import { serviceById, serviceByName } from '../qmi/message-codec.ts';
import { takeAllClientIds } from './qmi/ctl.ts';
import { seededRng } from './rng.ts';
import { buildScenario, isScenario, scenarioDescription, SCENARIOS, type Scenario } from './scenarios.ts';
import { SysfsTree } from './sysfs-tree.ts';
import { deviceNodes, driversOf, umockdevDescription, umockdevRunArgv, type DeviceNode } from './umockdev.ts';
import { CodedError } from '../errors/coded-error.ts';

/** ms before each reply: QMI, AT, and each packet the data plane answers. */
export interface Latency { qmi: number; at: number; data: number }
export const DEFAULT_LATENCY: Latency = { qmi: 5, at: 20, data: 1 };

/** A resetting module drops off USB a moment after its OK (which the host must get to read)... */
const RESET_DROP_MS = 250;
/** ...and comes back on the bus a little later. */
const REAPPEAR_MS = 300;

export interface SimulatorOptions {
  profile: string | ModemProfile;
  scenario: string;
  /** Directory for the port links and the umockdev file (created if missing). */
  dir: string;
  latency?: Partial<Latency>;
  seed?: number;
  /** Which modem of a fleet this is (0 = the documented identities): IMEI, ICCID, IMSI, USB serial and port follow it. */
  index?: number;
  /** Overrides the unplug scenario's delay; null = only on demand. */
  unplugAfterMs?: number | null;
  /** Signal drift period (ms); 0 turns drift off. */
  driftMs?: number;
  /** A real network interface carrying packets (root, private network namespace only): in
   *  ours, or in the one process netnsPid is in (a test's private world). */
  dataPlane?: boolean | { netnsPid: number };
  /** How long after its ports appear (or return from a reset) the AT port says RDY (default 300 ms). */
  bootDelayMs?: number;
}

export interface PortsInfo {
  qmi: string | null;
  at: string[];
  nmea: string | null;
  diag: string | null;
  /** Every port by kernel node name (ttyUSB2, cdc-wdm0) -> link path. */
  nodes: Record<string, string>;
}

interface LivePort {
  node: DeviceNode;
  pty: PtyPort;
  host: PortHost;
  /** The AT ports' face: it boots (RDY) and carries injected URCs. */
  face?: AtFace;
  /** The QMI port's face: it keeps the client ids programs hold. */
  qmi?: QmiFace;
  close(): void;
}

export type SimulatorErrorCode = 'unknown-profile' | 'unknown-scenario' | 'unknown-service' | 'data-plane-refused';

export class SimulatorError extends CodedError<SimulatorErrorCode> {
  override readonly name = 'SimulatorError';
}

export class Simulator extends EventEmitter {
  readonly profile: ModemProfile;
  readonly scenario: Scenario;
  readonly model: ModemModel;
  readonly dir: string;
  readonly umockdevPath: string;
  /** The kernel side as files under <dir>/sys: hand its root to the engine as sysfsRoot. */
  readonly sysfs: SysfsTree;
  readonly latency: Latency;
  readonly index: number;
  private live: LivePort[] = [];
  private readonly rng;
  private stopped = false;
  private unplugged = false;
  private timers = new Set<NodeJS.Timeout>();
  private nmeaTimer: NodeJS.Timeout | null = null;
  private reenumerating: Promise<void> = Promise.resolve();
  private booting: Promise<void> = Promise.resolve();
  private dataPlane: DataPlane | null = null;
  private readonly bootDelayMs: number | undefined;

  constructor(profile: ModemProfile, scenario: Scenario, opts: SimulatorOptions) {
    super();
    this.profile = profile;
    this.scenario = scenario;
    this.dir = opts.dir;
    this.latency = { ...DEFAULT_LATENCY, ...opts.latency };
    this.index = opts.index ?? 0;
    this.bootDelayMs = opts.bootDelayMs;
    this.rng = seededRng((opts.seed ?? 1) ^ 0x5eed);
    this.model = new ModemModel(scenario.state, { seed: opts.seed ?? 1 });
    if (scenario.autoconnectBearer) this.model.holdAutoconnectBearer();
    this.umockdevPath = path.join(this.dir, 'device.umockdev');
    this.sysfs = new SysfsTree(this.dir, this.model, profile, this.index);
  }

  /** The modem's network interface in the current composition (wwan0, usb0), if it has one. */
  get net(): string | null {
    return this.sysfs.netNames[0] ?? null;
  }

  get ports(): PortsInfo {
    const byRole = (r: string): LivePort[] => this.live.filter((p) => p.node.role === r);
    return {
      qmi: byRole('qmi')[0]?.pty.path ?? null,
      at: byRole('at').map((p) => p.pty.path),
      nmea: byRole('nmea')[0]?.pty.path ?? null,
      diag: byRole('diag')[0]?.pty.path ?? null,
      nodes: Object.fromEntries(this.live.map((p) => [p.node.name, p.pty.path])),
    };
  }

  async start(driftMs: number, unplugAfterMs: number | null, dataPlane: SimulatorOptions['dataPlane'] = false): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
    await this.openPorts();
    this.sysfs.build();
    const netName = dataPlane ? this.dataInterfaceName() : undefined;
    const foreign = typeof dataPlane === 'object' ? { pid: dataPlane.netnsPid, dir: this.dir } : undefined;
    if (netName) {
      this.dataPlane = await DataPlane.start(this.model, netName, this.latency.data, foreign, (i) => this.sysfs.setIfindex(netName, i));
    }
    if (driftMs > 0) this.model.startDrift(driftMs);
    this.model.on('change', (k) => {
      // Resets queue up: each re-enumeration finishes before the next starts.
      if (k === 'reenumerate') {
        this.reenumerating = this.reenumerating.then(() => this.reenumerate()).catch(() => {
          // The ports could not be re-created (no PTY to be had): the modem stays off the bus, as one
          // that does not come back after a reset; later resets still try again.
        });
      }
      if (k === 'data-format' || k === 'connection') this.writeDescription();
    });
    this.nmeaTimer = setInterval(() => this.nmeaTick(), 1000);
    this.nmeaTimer.unref();
    if (unplugAfterMs !== null) this.later(unplugAfterMs, () => this.unplug());
    this.booting = this.bootFaces();
  }

  private bootFaces(): Promise<void> {
    return Promise.all(this.live.map((p) => p.face?.boot())).then(() => {});
  }

  /**
   * Resolves once the modem has finished its power-up banner (RDY ... SMS DONE; at once for a
   * Sierra module, which prints none). A client that opens the AT port after this gets no banner
   * in the middle of its first command (a test that is not about booting waits for it).
   */
  booted(): Promise<void> {
    return this.booting;
  }

  /**
   * The interface the data plane creates: the first QMI interface's name in the profile (wwan0),
   * numbered on by the modem's place in a fleet so that N modems in one namespace do not collide;
   * none for a composition without QMI.
   */
  private dataInterfaceName(): string | undefined {
    const net = this.profile.layout(this.model.state.usbComposition).interfaces.find((i) => i.role === 'qmi' && i.netName)?.netName;
    const m = net ? /^(.*?)(\d+)$/.exec(net) : null;
    if (!net || !m) return net;
    return `${m[1]}${Number(m[2]) + this.index}`;
  }

  /** The data plane's interface now (name, tun or tap), or null without --data-plane. */
  get dataInterface(): { name: string; kind: 'tun' | 'tap' | null } | null {
    return this.dataPlane?.info ?? null;
  }

  /** Resolves once the data plane's interface matches the kernel mode (after a raw_ip change). */
  async dataPlaneSettled(): Promise<void> {
    await this.dataPlane?.settled();
  }

  /** The socats behind the data interface (a test checks they are gone after stop). */
  get dataPlaneSocatPids(): number[] {
    return this.dataPlane?.socatPids ?? [];
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => { this.timers.delete(t); fn(); }, ms);
    t.unref();
    this.timers.add(t);
  }

  private writeDescription(): void {
    if (this.stopped) return;
    fs.writeFileSync(this.umockdevPath, umockdevDescription(this.profile, this.model.state, this.index));
  }

  private async openPorts(): Promise<void> {
    const layout = this.profile.layout(this.model.state.usbComposition);
    const nodes = deviceNodes(layout).filter((n) => n.role !== 'net-control');
    const firstAt = nodes.find((n) => n.role === 'at');
    const opened = await Promise.all(nodes.map(async (node) => {
      const pty = await openPty(path.join(this.dir, node.name));
      const latency = node.role === 'qmi' ? this.latency.qmi : this.latency.at;
      const host = new PortHost(pty, {
        latencyMs: latency, behaviour: this.scenario.behaviour, rng: this.rng,
        noiseExcludes: node.role === 'qmi' ? [0x01] : [0x0d, 0x0a],
      });
      return this.attachFace(node, pty, host, node === firstAt);
    }));
    this.live = opened;
    this.writeDescription();
  }

  private attachFace(node: DeviceNode, pty: PtyPort, host: PortHost, urcPort: boolean): LivePort {
    switch (node.role) {
      case 'qmi': {
        const face = new QmiFace(host, this.model, this.profile);
        return { node, pty, host, qmi: face, close: () => face.close() };
      }
      case 'at': {
        const face = new AtFace(host, this.model, this.profile, { urcPort, ...(this.bootDelayMs !== undefined ? { bootDelayMs: this.bootDelayMs } : {}) });
        return { node, pty, host, face, close: () => face.close() };
      }
      case 'diag': {
        // Answers QCDM Version Info, as ModemManager's probe of a QCDM-tagged port expects.
        const face = new DiagFace(host, this.profile);
        return { node, pty, host, close: () => face.close() };
      }
      default:
        // NMEA ignores what it is sent; audio stays silent.
        host.onData(() => undefined);
        return { node, pty, host, close: () => undefined };
    }
  }

  private nmeaTick(): void {
    if (this.stopped || this.unplugged || this.scenario.behaviour.silent) return;
    for (const p of this.live) if (p.node.role === 'nmea') void p.host.unsolicited(nmeaBurst(new Date()));
  }

  /** Ports vanish as when the USB device is pulled: clients' reads fail with EIO. */
  unplug(): void {
    if (this.unplugged || this.stopped) return;
    this.unplugged = true;
    this.dropPorts();
    void this.dataPlane?.detach();
    this.emit('unplugged');
  }

  /**
   * The device plugged back in after unplug(): the current composition's ports come back at the
   * same paths, freshly powered (no client ids held), and the AT port says RDY again.
   */
  async replug(): Promise<void> {
    if (!this.unplugged || this.stopped) return;
    await this.openPorts();
    this.sysfs.build();
    this.unplugged = false;
    this.booting = this.bootFaces();
    this.emit('replugged', this.ports);
  }

  /** Every port vanishes at once, as off the bus: faces stop, pending output is dropped, the PTYs hang up. */
  private dropPorts(): void {
    for (const p of this.live) { p.close(); p.host.markClosed(); p.pty.hangup(); }
    this.live = [];
  }

  /**
   * USB re-enumeration after a reset: the ports vanish (clients' reads end, writes fail with
   * EIO), then the current composition's set appears and only then says RDY.
   */
  private async reenumerate(): Promise<void> {
    if (this.stopped || this.unplugged) return;
    await new Promise((r) => setTimeout(r, RESET_DROP_MS));
    if (this.stopped || this.unplugged) return;
    this.dropPorts();
    // qmi_wwan's network interface goes with the USB interface it is bound to.
    await this.dataPlane?.detach();
    this.emit('vanished');
    await new Promise((r) => setTimeout(r, REAPPEAR_MS));
    if (this.stopped || this.unplugged) return;
    await this.openPorts();
    this.sysfs.build();
    // Back only when the new composition has the QMI interface again (not in ECM mode, say).
    if (this.dataPlane && this.dataInterfaceName() === this.dataPlane.name) await this.dataPlane.attach();
    this.booting = this.bootFaces();
    this.emit('reenumerated', this.ports);
  }

  /** Resolves when a pending re-enumeration has finished (for tests). */
  async settled(): Promise<void> {
    await this.reenumerating;
  }

  /** Sends a URC on every AT port (e.g. RING, which the modem never sends by itself). */
  injectUrc(text: string): void {
    for (const p of this.live) void p.face?.urc(text);
  }

  /** argv running `command` under umockdev-run with the /dev nodes on this modem's PTYs. */
  umockdevArgv(command: readonly string[]): string[] {
    const links = Object.fromEntries(this.live.map((p) => [p.node.name, p.pty.ptsPath]));
    return umockdevRunArgv(this.umockdevPath, links, driversOf(this.profile.layout(this.model.state.usbComposition)), command);
  }

  /** The client ids programs hold on the QMI port, per service name (e.g. {"DMS": [1, 2]});
   *  services with none are left out, so a modem nobody uses reports {}. */
  clientIds(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const p of this.live) {
      for (const [service, table] of p.qmi?.clients.cids ?? []) {
        if (table.size > 0) out[serviceById(service)?.name ?? String(service)] = [...table.keys()].sort((a, b) => a - b);
      }
    }
    return out;
  }

  /** Fills the QMI port's client-id table for a service (by name, e.g. "DMS") as programs killed
   *  without releasing theirs leave it; returns how many ids were taken. For fault tests. */
  leakClientIds(service: string): number {
    const id = serviceByName(service)?.id;
    if (id === undefined) throw new SimulatorError('unknown-service', `unknown QMI service "${service}"`);
    const qmi = this.live.find((p) => p.qmi)?.qmi;
    return qmi ? takeAllClientIds(qmi.clients, this.profile.maxClientIds, id) : 0;
  }

  toJSON(): object {
    const links = Object.fromEntries(this.live.map((p) => [p.node.name, p.pty.ptsPath]));
    return {
      profile: this.profile.id, scenario: this.scenario.name, ports: this.ports, umockdev: this.umockdevPath, clientIds: this.clientIds(),
      // The kernel side as files (raw_ip, link state, counters): the engine's sysfsRoot, and the
      // interface under it.
      sysfsRoot: this.sysfs.root, net: this.net,
      // What a caller needs to run a program against this modem as the kernel would show it:
      // append the program's argv to umockdevArgv (it ends with "--"); links are /dev node -> PTY.
      umockdevLinks: links,
      umockdevArgv: this.umockdevArgv([]),
      ...(this.dataPlane ? { dataInterface: this.dataPlane.info } : {}),
    };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    if (this.nmeaTimer) clearInterval(this.nmeaTimer);
    await this.reenumerating.catch(() => undefined);
    const live = this.live;
    this.live = [];
    for (const p of live) p.close();
    await Promise.all(live.map((p) => p.pty.close()));
    await this.dataPlane?.stop();
    this.sysfs.remove();
    this.model.dispose();
    fs.rmSync(this.umockdevPath, { force: true });
    try { fs.rmdirSync(this.dir); } catch { /* not empty or not ours to remove */ }
  }
}

/** The profiles and scenarios with a line about each, for `simulate --help`. */
export function validNames(): { profiles: { name: string; description: string }[]; scenarios: { name: string; description: string }[] } {
  return {
    profiles: Object.values(PROFILES).map((p) => ({
      name: p.id,
      description: `${VENDOR[p.family]} ${p.id.toUpperCase()} (${hex4(p.vid)}:${hex4(p.pid)})${p.rawIpOnly ? ', raw-ip only' : ''}`,
    })),
    scenarios: SCENARIOS.map((name) => ({ name, description: scenarioDescription(name) })),
  };
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');
const VENDOR: Record<ModemProfile['family'], string> = { quectel: 'Quectel', sierra: 'Sierra Wireless', simcom: 'SIMCom' };

/** Starts one virtual modem; throws SimulatorError for an unknown profile or scenario (its
 *  message names the valid ones, as the CLI prints it). */
export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const profile = typeof opts.profile === 'string' ? profileById(opts.profile) : opts.profile;
  if (!profile) throw new SimulatorError('unknown-profile', `unknown profile "${String(opts.profile)}"; valid profiles: ${Object.keys(PROFILES).join(', ')}`);
  if (!isScenario(opts.scenario)) throw new SimulatorError('unknown-scenario', `unknown scenario "${opts.scenario}"; valid scenarios: ${SCENARIOS.join(', ')}`);
  if (opts.dataPlane) {
    const why = await dataPlaneRefusal(typeof opts.dataPlane === 'object' ? opts.dataPlane.netnsPid : undefined);
    if (why) throw new SimulatorError('data-plane-refused', why);
  }
  const scenario = buildScenario(opts.scenario, profile, opts.index ?? 0);
  const sim = new Simulator(profile, scenario, opts);
  const unplug = opts.unplugAfterMs !== undefined ? opts.unplugAfterMs : scenario.behaviour.unplugAfterMs ?? null;
  try {
    await sim.start(opts.driftMs ?? 1000, unplug, opts.dataPlane ?? false);
  } catch (e) {
    await sim.stop();
    throw e;
  }
  return sim;
}
