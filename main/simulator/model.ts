// One virtual modem's behaviour over its state (state.ts). Faces call these methods; every
// change is announced as an event so the faces can send URCs and indications. Nothing here
// knows bytes, frames or AT syntax.

import { EventEmitter } from 'node:events';
import { seededRng, type Rng } from './rng.ts';
import { cloneState, type ApnProfile, type Autoconnect, type ConnectionState, type LinkLayer, type ModemState, type OperatingMode, type RegState } from './state.ts';

export type ChangeKind = 'sim' | 'registration' | 'signal' | 'connection' | 'data-format' | 'autoconnect'
  | 'operating-mode' | 'profiles' | 'reset' | 'reenumerate';

export type PinOutcome =
  | { ok: true; pinLeft: number; pukLeft: number }
  | { ok: false; error: 'no-sim' | 'not-needed' | 'incorrect-pin' | 'pin-blocked' | 'puk-blocked' | 'bad-argument'; pinLeft: number; pukLeft: number };

export type StartOutcome =
  | { ok: true; connection: ConnectionState }
  | { ok: false; error: 'no-effect' | 'no-sim' | 'sim-locked' | 'not-registered' | 'invalid-profile' | 'low-power' }
  | { ok: false; error: 'call-failed'; endReason: number; verbose: { type: number; reason: number } };

/** 3GPP TS 24.008 §10.5.6.6 SM causes: the network's answer to an activation with a bad APN. */
const CAUSE_UNKNOWN_APN = 27;
const CAUSE_OPTION_UNSUBSCRIBED = 33;
/** QMI call end reason "generic unspecified" (libqmi QmiWdsCallEndReason). */
const END_REASON_GENERIC = 1;
/** Verbose end reason type 6 = 3GPP specification defined. */
const VERBOSE_3GPP = 6;
/** The global handle: the modem-initiated (autoconnect) session (libqmi's qmicli
 *  --wds-stop-network=disable-autoconnect stops it with this handle). */
const GLOBAL_HANDLE = 0xffffffff;

export interface ModemModelOptions {
  seed?: number;
  /** How long autoconnect takes to bring the bearer back after a reset or a stop (ms). */
  autoconnectDelayMs?: number;
}

export class ModemModel extends EventEmitter {
  state: ModemState;
  private readonly rng: Rng;
  private readonly baseSignal: ModemState['signal'];
  private nextHandle = 0x7f1e2c01;
  private readonly autoconnectDelayMs: number;
  private timers = new Set<NodeJS.Timeout>();

  constructor(state: ModemState, opts: ModemModelOptions = {}) {
    super();
    this.state = cloneState(state);
    this.rng = seededRng(opts.seed ?? 1);
    this.baseSignal = { ...state.signal };
    this.autoconnectDelayMs = opts.autoconnectDelayMs ?? 1500;
  }

  private changed(kind: ChangeKind): void {
    this.emit('change', kind);
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => { this.timers.delete(t); fn(); }, ms);
    t.unref();
    this.timers.add(t);
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.removeAllListeners();
  }

  // ------------------------------------------------------------ SIM

  get simReady(): boolean {
    return this.state.sim.present && this.state.sim.pinState === 'ready';
  }

  verifyPin(pin: string): PinOutcome {
    const sim = this.state.sim;
    const counts = { pinLeft: sim.pinLeft, pukLeft: sim.pukLeft };
    if (!sim.present) return { ok: false, error: 'no-sim', ...counts };
    if (sim.pinState === 'puk-required' || sim.pinState === 'blocked') return { ok: false, error: 'pin-blocked', ...counts };
    if (!/^\d{4,8}$/.test(pin)) return { ok: false, error: 'bad-argument', ...counts };
    if (pin === sim.pin) {
      const counted = sim.pinLeft !== 3;
      sim.pinLeft = 3;
      const wasLocked = sim.pinState !== 'ready';
      sim.pinState = 'ready';
      if (wasLocked) this.simUnlocked();
      else if (counted) this.changed('sim');
      return { ok: true, pinLeft: sim.pinLeft, pukLeft: sim.pukLeft };
    }
    sim.pinLeft = Math.max(0, sim.pinLeft - 1);
    if (sim.pinLeft === 0) {
      // A card that blocks while in use takes the modem off the network with it.
      sim.pinState = 'puk-required';
      this.dropConnection();
      this.changed('sim');
      return { ok: false, error: 'pin-blocked', pinLeft: 0, pukLeft: sim.pukLeft };
    }
    this.changed('sim');
    return { ok: false, error: 'incorrect-pin', pinLeft: sim.pinLeft, pukLeft: sim.pukLeft };
  }

  unblockPin(puk: string, newPin: string): PinOutcome {
    const sim = this.state.sim;
    const counts = { pinLeft: sim.pinLeft, pukLeft: sim.pukLeft };
    if (!sim.present) return { ok: false, error: 'no-sim', ...counts };
    if (sim.pinState === 'blocked') return { ok: false, error: 'puk-blocked', ...counts };
    if (sim.pinState !== 'puk-required') return { ok: false, error: 'not-needed', ...counts };
    if (!/^\d{8}$/.test(puk) || !/^\d{4,8}$/.test(newPin)) return { ok: false, error: 'bad-argument', ...counts };
    if (puk === sim.puk) {
      sim.pin = newPin;
      sim.pinLeft = 3;
      sim.pukLeft = 10;
      sim.pinState = 'ready';
      this.simUnlocked();
      return { ok: true, pinLeft: 3, pukLeft: 10 };
    }
    sim.pukLeft = Math.max(0, sim.pukLeft - 1);
    if (sim.pukLeft === 0) sim.pinState = 'blocked';
    this.changed('sim');
    return { ok: false, error: sim.pukLeft === 0 ? 'puk-blocked' : 'incorrect-pin', pinLeft: sim.pinLeft, pukLeft: sim.pukLeft };
  }

  /**
   * PIN lock on/off (AT+CLCK="SC",<0|1>,"<pin>"): the PIN is checked exactly as a verify is, so a
   * wrong one spends an attempt and the third blocks the card.
   */
  setPinLock(enable: boolean, pin: string): PinOutcome {
    const sim = this.state.sim;
    const counts = { pinLeft: sim.pinLeft, pukLeft: sim.pukLeft };
    if (!sim.present) return { ok: false, error: 'no-sim', ...counts };
    if (sim.pinState !== 'ready') return { ok: false, error: 'pin-blocked', ...counts };
    const r = this.verifyPin(pin);
    if (r.ok && sim.pinEnabled !== enable) {
      sim.pinEnabled = enable;
      this.changed('sim');
    }
    return r;
  }

  /**
   * After unlocking, a real modem registers within a few seconds; here at once. network.reg
   * already holds what the network would give (a locked SIM only hides it), so the change
   * event is enough for the faces to report the new registration.
   */
  private simUnlocked(): void {
    this.changed('sim');
    this.maybeAutoconnect();
  }

  // ------------------------------------------------------------ network

  get registered(): boolean {
    const r = this.state.network.reg;
    return (r === 'registered' || r === 'roaming') && this.simReady && this.state.operatingMode === 'online';
  }

  setRegistration(reg: RegState): void {
    if (this.state.network.reg === reg) return;
    this.state.network.reg = reg;
    if (reg !== 'registered' && reg !== 'roaming') this.dropConnection();
    this.changed('registration');
  }

  /** Slow deterministic drift around the scenario's values, as a real radio wanders. */
  driftSignal(): void {
    const s = this.state.signal;
    const b = this.baseSignal;
    const step = (v: number, base: number, spread: number): number => {
      const next = v + (this.rng() - 0.5) * 2;
      return Math.round(Math.min(base + spread, Math.max(base - spread, next)));
    };
    s.rssi = step(s.rssi, b.rssi, 4);
    s.rsrp = step(s.rsrp, b.rsrp, 4);
    s.rsrq = step(s.rsrq, b.rsrq, 2);
    s.snr = step(s.snr, b.snr, 3);
    this.changed('signal');
  }

  startDrift(periodMs = 1000): void {
    const t = setInterval(() => this.driftSignal(), periodMs);
    t.unref();
    this.timers.add(t as unknown as NodeJS.Timeout);
  }

  // ------------------------------------------------------------ profiles

  profile(index: number): ApnProfile | undefined {
    return this.state.profiles.find((p) => p.index === index);
  }

  setProfile(index: number, values: Partial<Omit<ApnProfile, 'index'>>): ApnProfile {
    let p = this.profile(index);
    if (!p) {
      p = { index, name: '', pdpType: 'ipv4', apn: '', username: '', password: '', auth: 0 };
      this.state.profiles.push(p);
      this.state.profiles.sort((a, b) => a.index - b.index);
    }
    Object.assign(p, values);
    this.changed('profiles');
    return p;
  }

  deleteProfile(index: number): boolean {
    const before = this.state.profiles.length;
    this.state.profiles = this.state.profiles.filter((p) => p.index !== index);
    if (this.state.profiles.length === before) return false;
    this.changed('profiles');
    return true;
  }

  // ------------------------------------------------------------ data session

  private connectionFor(profileIndex: number, apn: string, byAutoconnect: boolean): ConnectionState {
    const handle = byAutoconnect ? GLOBAL_HANDLE : this.nextHandle++;
    // The seed report's session: its uqmi printed the address, gateway and the DNS servers'
    // low halves (x.x.21.25, x.x.97.25) correctly; the operator's 10.4 prefix is ours.
    return {
      handle, profileIndex, apn, byAutoconnect,
      ipv4: '10.23.154.198', gateway: '10.23.154.197', subnet: '255.255.255.252',
      dns1: '10.4.21.25', dns2: '10.4.97.25', mtu: 1500,
    };
  }

  startNetwork(req: { apn?: string; profileIndex?: number }): StartOutcome {
    if (!this.state.sim.present) return { ok: false, error: 'no-sim' };
    if (!this.simReady) return { ok: false, error: 'sim-locked' };
    if (this.state.operatingMode !== 'online') return { ok: false, error: 'low-power' };
    if (this.state.connection) return { ok: false, error: 'no-effect' };
    if (!this.registered) return { ok: false, error: 'not-registered' };
    const index = req.profileIndex ?? 1;
    const profile = this.profile(index);
    if (req.apn === undefined && req.profileIndex !== undefined && !profile) return { ok: false, error: 'invalid-profile' };
    const apn = req.apn ?? profile?.apn ?? '';
    const valid = this.state.network.validApns.some((a) => a.toLowerCase() === apn.toLowerCase());
    if (!valid) {
      // An empty APN is "not subscribed to any default"; a wrong one is "unknown APN".
      const reason = apn === '' ? CAUSE_OPTION_UNSUBSCRIBED : CAUSE_UNKNOWN_APN;
      return { ok: false, error: 'call-failed', endReason: END_REASON_GENERIC, verbose: { type: VERBOSE_3GPP, reason } };
    }
    this.state.connection = this.connectionFor(index, apn, false);
    this.changed('connection');
    return { ok: true, connection: this.state.connection };
  }

  stopNetwork(handle: number, disableAutoconnect: boolean): { ok: true } | { ok: false; error: 'no-effect' | 'invalid-handle' } {
    if (disableAutoconnect && this.state.autoconnect !== 'disabled') {
      this.state.autoconnect = 'disabled';
      this.changed('autoconnect');
    }
    const c = this.state.connection;
    if (!c) return { ok: false, error: 'no-effect' };
    if (handle !== GLOBAL_HANDLE && handle !== c.handle) return { ok: false, error: 'invalid-handle' };
    if (handle === GLOBAL_HANDLE && !c.byAutoconnect && !disableAutoconnect) return { ok: false, error: 'invalid-handle' };
    this.dropConnection();
    this.maybeAutoconnect();
    return { ok: true };
  }

  private dropConnection(): void {
    if (!this.state.connection) return;
    this.state.connection = null;
    this.changed('connection');
  }

  setAutoconnect(a: Autoconnect): void {
    if (this.state.autoconnect === a) return;
    this.state.autoconnect = a;
    this.changed('autoconnect');
    this.maybeAutoconnect();
  }

  /** Autoconnect (re)establishes the default bearer by itself when it can. */
  private maybeAutoconnect(): void {
    if (this.state.autoconnect !== 'enabled') return;
    this.later(this.autoconnectDelayMs, () => {
      if (this.state.autoconnect !== 'enabled' || this.state.connection || !this.registered) return;
      this.state.connection = this.connectionFor(1, this.profile(1)?.apn ?? '', true);
      this.changed('connection');
    });
  }

  /** Takes an autoconnect bearer at once (scenarios start with it up). */
  holdAutoconnectBearer(): void {
    this.state.autoconnect = 'enabled';
    this.state.connection = this.connectionFor(1, this.profile(1)?.apn ?? '', true);
  }

  // ------------------------------------------------------------ data format, modes, reset

  /** WDA Set Data Format: returns what the modem actually applied. */
  setLinkLayer(requested: LinkLayer): LinkLayer {
    const applied = this.state.dataFormat.rawIpOnly ? 'raw-ip' : requested;
    if (applied !== this.state.dataFormat.linkLayer) {
      this.state.dataFormat.linkLayer = applied;
      this.changed('data-format');
    }
    return applied;
  }

  setKernelRawIp(y: boolean): void {
    this.state.dataFormat.kernelRawIp = y;
    this.changed('data-format');
  }

  /** The AT+CFUN level: 1 online, 0 offline, and 0 or 4 in low-power as AT+CFUN set it (4 when QMI did). */
  get cfun(): 0 | 1 | 4 {
    const s = this.state;
    return s.operatingMode === 'online' ? 1 : s.operatingMode === 'low-power' ? s.lowPowerCfun : 0;
  }

  /**
   * Changes the operating mode; `cfun` is the AT+CFUN level behind a low-power request (0 or 4,
   * both QMI low-power). Returns false when refused: on Qualcomm firmware QMI offline is one-way,
   * only a reset leaves it.
   */
  setOperatingMode(mode: OperatingMode, cfun?: 0 | 4): boolean {
    if (mode === 'reset') {
      this.reset();
      return true;
    }
    const s = this.state;
    if (s.operatingMode === 'offline' && mode !== 'offline') return false;
    if (mode === 'low-power') s.lowPowerCfun = cfun ?? 4;
    if (s.operatingMode === mode) return true;
    s.operatingMode = mode;
    if (mode !== 'online') {
      this.dropConnection();
    }
    this.changed('operating-mode');
    if (mode === 'online') this.maybeAutoconnect();
    return true;
  }

  /** A USB composition change is stored (NV) and only applies at the next reset, as on the real modules. */
  setComposition(value: number): void {
    this.state.pendingComposition = value === this.state.usbComposition ? null : value;
  }

  /**
   * A modem reset: the session drops, the PIN is asked again, echo and URC settings revert (the
   * faces listen for 'reset'), a pending USB composition applies, and the module drops off USB
   * and comes back ('reenumerate': every reset, as on the real thing). The network side
   * (network.reg) is not the modem's to reset: it registers again once the SIM is usable.
   */
  reset(): void {
    const s = this.state;
    this.dropConnection();
    s.operatingMode = 'online';
    if (s.sim.present && s.sim.pinEnabled && s.sim.pinState === 'ready') s.sim.pinState = 'pin-required';
    if (s.pendingComposition !== null) {
      s.usbComposition = s.pendingComposition;
      s.pendingComposition = null;
    }
    this.changed('reset');
    this.changed('reenumerate');
    this.maybeAutoconnect();
  }
}
