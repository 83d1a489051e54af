// The AT face of one tty: splits the byte stream into command lines (ended by CR, V.250 S3),
// echoes them while echo is on, answers from at-commands.ts with V.250 framing, and sends URCs
// (boot, SIM, registration) when the model changes. Lines that do not start with AT are
// ignored, as a modem does.

import type { ChangeKind, ModemModel } from './model.ts';
import type { ModemProfile } from './profiles/index.ts';
import type { PortHost } from './port-host.ts';
import { runCommand, splitCommandLine, type AtContext } from './at-commands.ts';
import { act, cmeText, cpinText, hex, regStat } from './at-format.ts';
import { defaultSession, type AtResult, type AtSession } from './at-session.ts';

const MAX_LINE = 1024;

export interface AtFaceOptions {
  /** The port that carries boot and SIM URCs (Quectel's "usbat" URC port: the first AT port). */
  urcPort: boolean;
  /** Delay between a reset and RDY. */
  bootDelayMs?: number;
}

export class AtFace {
  readonly session: AtSession = defaultSession();
  private buf = '';
  private readonly host: PortHost;
  private readonly model: ModemModel;
  private readonly profile: ModemProfile;
  private readonly opts: AtFaceOptions;
  private readonly onChange = (k: ChangeKind): void => this.changed(k);
  private timers = new Set<NodeJS.Timeout>();
  private cancels = new Map<NodeJS.Timeout, () => void>();
  /** The registration <stat> and SIM readiness last reported, so URCs go out on changes only. */
  private lastStat: number;
  private lastSimReady: boolean;

  constructor(host: PortHost, model: ModemModel, profile: ModemProfile, opts: AtFaceOptions) {
    this.host = host;
    this.model = model;
    this.profile = profile;
    this.opts = opts;
    this.lastStat = regStat(model.state, model.simReady);
    this.lastSimReady = model.simReady;
    host.onData((d) => this.push(d));
    model.on('change', this.onChange);
  }

  close(): void {
    this.model.off('change', this.onChange);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.cancels.values()) c();
    this.cancels.clear();
  }

  /** fn after ms, unless the face closes first: then `cancelled` (so no waiter hangs). */
  private later(ms: number, fn: () => void, cancelled?: () => void): void {
    const t = setTimeout(() => { this.timers.delete(t); this.cancels.delete(t); fn(); }, ms);
    t.unref();
    this.timers.add(t);
    if (cancelled) this.cancels.set(t, cancelled);
  }

  private push(chunk: Buffer): void {
    this.buf += chunk.toString('latin1');
    for (;;) {
      const cr = this.buf.indexOf('\r');
      if (cr < 0) break;
      const raw = this.buf.slice(0, cr);
      this.buf = this.buf.slice(cr + 1);
      this.line(raw.replace(/^\n+/, ''));
    }
    if (this.buf.length > MAX_LINE) this.buf = ''; // a runaway line without CR: dropped
  }

  private line(raw: string): void {
    const cmd = raw.trim();
    if (cmd === '') return;
    const parts = splitCommandLine(cmd);
    if (parts === null) return;
    // Echo is of the line as typed; an ATE0 on this very line still echoes it.
    let out = this.session.echo ? `${raw}\r` : '';
    const ctx: AtContext = { model: this.model, profile: this.profile, session: this.session };
    const lines: string[] = [];
    let result: AtResult = { lines: [], final: 'OK' };
    const afters: (() => void)[] = [];
    for (const p of parts) {
      result = runCommand(p, ctx);
      lines.push(...result.lines);
      if (result.after) afters.push(result.after);
      if (result.final !== 'OK') break;
    }
    if (lines.length > 0) out += `\r\n${lines.join('\r\n')}\r\n`;
    out += `\r\n${this.finalText(result.final)}\r\n`;
    // Side effects such as a reset follow the OK on the wire, whatever the latency.
    this.host.reply(out, afters.length > 0 ? () => afters.forEach((f) => f()) : undefined);
  }

  private finalText(f: AtResult['final']): string {
    if (f === 'OK' || f === 'ERROR') return f;
    if (this.session.cmee === 0) return 'ERROR';
    if (this.session.cmee === 2) return `+CME ERROR: ${cmeText(f.cme)}`;
    return `+CME ERROR: ${f.cme}`;
  }

  /** Sends an unsolicited line (dropped when nobody has the port open). */
  urc(text: string): Promise<boolean> {
    return this.host.unsolicited(`\r\n${text}\r\n`);
  }

  /**
   * What a module prints on its URC port after power-up. The simulator calls it once the ports
   * exist (at start and after every re-enumeration), never on the ports a reset takes away.
   */
  boot(): Promise<void> {
    if (!this.opts.urcPort) return Promise.resolve();
    const fam = this.profile.family;
    if (fam === 'sierra') return Promise.resolve(); // Sierra modules print nothing at boot on the AT port
    // Resolves once the whole banner has gone out (or was dropped, with nobody on the port).
    return new Promise((resolve) => {
      this.later(this.opts.bootDelayMs ?? 300, () => {
        const sent = [this.urc('RDY')];
        if (fam === 'quectel') sent.push(this.urc('+CFUN: 1'));
        sent.push(this.urc(`+CPIN: ${cpinText(this.model.state) ?? 'NOT INSERTED'}`));
        const written = (): void => { void Promise.all(sent).then(() => resolve(), () => resolve()); };
        if (this.model.simReady) this.simDone(written);
        else written();
      }, resolve);
    });
  }

  private simDone(then: () => void = () => {}): void {
    const fam = this.profile.family;
    this.later(200, () => {
      const sent = fam === 'quectel' ? [this.urc('+QIND: SMS DONE'), this.urc('+QIND: PB DONE')]
        : fam === 'simcom' ? [this.urc('SMS DONE'), this.urc('PB DONE')] : [];
      void Promise.all(sent).then(() => then(), () => then());
    }, then);
  }

  private changed(kind: ChangeKind): void {
    if (kind === 'reset') Object.assign(this.session, defaultSession());
    const ready = this.model.simReady;
    if (kind === 'sim' && ready && !this.lastSimReady && this.opts.urcPort) {
      this.urc('+CPIN: READY');
      this.simDone();
    }
    this.lastSimReady = ready;
    if (kind === 'registration' || kind === 'sim' || kind === 'operating-mode' || kind === 'reset') this.registrationUrcs();
  }

  /**
   * +CREG/+CGREG/+CEREG (each per its <n>) when the <stat> the AT side reports has changed:
   * radio on/off, SIM lock and unlock and resets move it as much as the network does, and QMI
   * indications go out on the same changes.
   */
  private registrationUrcs(): void {
    const s = this.model.state;
    const stat = regStat(s, this.model.simReady);
    if (stat === this.lastStat) return;
    this.lastStat = stat;
    const registered = stat === 1 || stat === 5;
    const emit = (name: string, n: number, area: number): void => {
      if (n === 0) return;
      const loc = n >= 2 && registered ? `,"${hex(area, 4)}","${hex(s.network.cellId, 8)}",${act(s.network.rat)}` : '';
      this.urc(`+${name}: ${stat}${loc}`);
    };
    emit('CREG', this.session.creg, s.network.lac);
    emit('CGREG', this.session.cgreg, s.network.lac);
    emit('CEREG', this.session.cereg, s.network.tac);
  }
}
