// The engine's session: one state (session-state.ts) every door shows, changed only by intents
// (select a modem, diagnose, plan / apply a fix, undo, connect test, import a log, export a
// report, start the virtual modem) and by the world (hotplug, progress of long work). Each change
// bumps `version` and pushes a fresh snapshot to every subscriber. One long task runs at a time;
// an intent that needs the modem while one runs is refused as busy, with the task named.
// Secrets come in with apply-fix, are handed to the fix through a function and dropped: they are
// never in the state, never in an error message.

import type { Exchange } from '../evidence/exchange.ts';
import type { Facts } from './facts.ts';
import type { Finding, FixId, SecretKind } from './finding.ts';
import type { FindingId } from './finding-ids.ts';
import type { Progress, UndoRecord } from './fix.ts';
import { applyingElsewhereMessage } from './applying-elsewhere.ts';
import { computeSteps } from './session-steps.ts';
import {
  ACTION_LIMIT, SIGNAL_LIMIT, TRANSCRIPT_LIMIT,
  type ActionEntry, type FleetRow, type ModemEntry, type SavedUndo, type SessionState, type SignalSampleState,
} from './session-state.ts';
import { parseProfile, type ProvisioningProfile } from './provision/profile.ts';
import { EngineError, type DiagnosisResult, type SessionEngine, type StartVirtualModem, type VirtualModemHandle } from './session-engine.ts';
import type { ModemTarget } from './target.ts';
import { CodedError } from '../errors/coded-error.ts';

export type SessionErrorCode = 'busy' | 'no-modem' | 'not-found' | 'unavailable' | 'no-plan' | 'missing-secret' | 'refused' | 'failed';

export class SessionError extends CodedError<SessionErrorCode> {
  override readonly name = 'SessionError';
}

export interface SessionOptions {
  /** Starts a virtual modem: handed in by the door (the engine never imports the simulator). */
  startVirtualModem?: StartVirtualModem;
  /** How often the ports of virtual modems are checked for an unplug (ms; 0 = never). */
  presenceIntervalMs?: number;
  now?: () => Date;
}

export type SessionListener = (state: SessionState) => void;

interface ModemMemory {
  diagnosis?: DiagnosisResult & { at: string };
  signal: SignalSampleState[];
  savedUndo: SavedUndo[];
}

export interface ApplyIntent {
  fix: FixId;
  finding?: FindingId;
  options?: Record<string, string>;
  force?: boolean;
  secrets?: Partial<Record<SecretKind, string>>;
}

export interface ProvisionIntent {
  profile: ProvisioningProfile;
  modemIds: string[];
  apply?: boolean;
  secrets?: Partial<Record<SecretKind, string>>;
}

export class Session {
  private readonly engine: SessionEngine;
  private readonly opts: SessionOptions;
  private readonly listeners = new Set<SessionListener>();
  private readonly memory = new Map<string, ModemMemory>();
  private readonly virtuals = new Map<string, VirtualModemHandle>();
  private stopWatch: (() => void) | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  /** When each modem was last found gone (unplugged), to tell whether it was read since. */
  private readonly goneAt = new Map<string, string>();
  private disposed = false;
  private s: SessionState;

  constructor(engine: SessionEngine, opts: SessionOptions = {}) {
    this.engine = engine;
    this.opts = opts;
    this.s = {
      version: 0, modems: [], selected: null, steps: [], facts: null, findings: [], diagnosedAt: null, busy: null,
      plan: null, actions: [], savedUndo: [], transcript: [], transcriptDropped: 0, signal: [], imported: null,
      virtualModem: opts.startVirtualModem ? 'available' : 'unavailable', fleet: null, error: null,
    };
    this.s.steps = computeSteps({ facts: null, findings: [], actions: [], running: false });
  }

  // ---- state and subscribers --------------------------------------------------------------

  /** A snapshot: plain data, safe to serialise or keep. */
  state(): SessionState {
    return structuredClone(this.s);
  }

  /** Calls back now with the current state and after every change; returns the unsubscribe. */
  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    this.deliver(listener, this.state());
    return () => { this.listeners.delete(listener); };
  }

  private deliver(l: SessionListener, snap: SessionState): void {
    try { l(snap); } catch { /* one door's failure never stops the others */ }
  }

  private changed(): void {
    this.s.version++;
    this.s.steps = computeSteps({
      facts: this.s.facts, findings: this.s.findings, running: this.s.busy?.task === 'diagnose',
      actions: this.s.actions.filter((a) => a.modemId === this.s.selected),
    });
    if (this.listeners.size === 0) return;
    const snap = this.state();
    for (const l of this.listeners) this.deliver(l, snap);
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  /** Lists the modems, selects the only one, and follows hotplug. */
  async start(): Promise<void> {
    await this.refreshModems();
    if (this.engine.watchModems) this.stopWatch = this.engine.watchModems(() => { void this.refreshModems().catch(() => undefined); });
    const every = this.opts.presenceIntervalMs ?? 1000;
    if (every > 0) {
      this.presenceTimer = setInterval(() => this.checkPresence(), every);
      this.presenceTimer.unref();
    }
  }

  /** Stops watching and stops every virtual modem this session started. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.stopWatch?.();
    this.stopWatch = null;
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = null;
    const handles = [...this.virtuals.values()];
    this.virtuals.clear();
    await Promise.allSettled(handles.map((h) => h.stop()));
    this.listeners.clear();
  }

  // ---- modems ---------------------------------------------------------------------------------

  /** Re-reads discovery; modems that went away stay listed as absent while selected or diagnosed. */
  refreshModems(): Promise<void> {
    // Hotplug bursts (a modem re-enumerating) coalesce into the refresh already running, then one more.
    const run = async (): Promise<void> => {
      const found = await this.engine.listModems();
      if (this.disposed) return;
      const byId = new Map(found.map((m) => [m.target.id, m]));
      const next: ModemEntry[] = [];
      const back: string[] = [];
      for (const old of this.s.modems) {
        if (old.source === 'virtual') { next.push(old); continue; }
        const now = byId.get(old.id);
        if (now) {
          if (!old.present) back.push(old.id);
          next.push({ ...old, present: true, label: now.label, target: now.target, problems: now.problems });
          byId.delete(old.id);
        } else if (old.id === this.s.selected || this.memory.get(old.id)?.diagnosis) {
          if (old.present) this.goneAt.set(old.id, this.now());
          next.push({ ...old, present: false });
        }
      }
      for (const m of byId.values()) {
        next.push({ id: m.target.id, label: m.label, source: 'discovery', present: true, target: m.target, problems: m.problems });
      }
      this.s.modems = next;
      this.autoSelect();
      this.changed();
      for (const id of back) this.cameBack(id);
    };
    const prev = this.refreshing ?? Promise.resolve();
    const mine = prev.then(run, run).finally(() => { if (this.refreshing === mine) this.refreshing = null; });
    this.refreshing = mine;
    return mine;
  }

  private autoSelect(): void {
    if (this.s.selected !== null && this.s.modems.some((m) => m.id === this.s.selected)) return;
    const present = this.s.modems.filter((m) => m.present);
    if (present.length === 1) this.show(present[0]!.id);
    else if (this.s.selected !== null) this.show(null);
  }

  private checkPresence(): void {
    if (!this.engine.portsPresent) return;
    let any = false;
    const back: string[] = [];
    for (const m of this.s.modems) {
      if (m.source !== 'virtual') continue;
      const present = this.engine.portsPresent(m.target);
      if (present !== m.present) {
        m.present = present;
        any = true;
        if (present) back.push(m.id);
        else this.goneAt.set(m.id, this.now());
      }
    }
    if (any) this.changed();
    for (const id of back) this.cameBack(id);
  }

  /**
   * A modem plugged back in: when it is the one the wizard shows and nothing runs, it is checked
   * anew at once (what it said before the unplug may no longer hold: a fresh power-up, maybe a
   * SIM swapped). Busy (a fix resetting it), the task under way reads it itself.
   */
  private cameBack(id: string): void {
    if (this.disposed || id !== this.s.selected || this.s.busy) return;
    // Already read since it went (a fix that reset it waited for it and checked it): enough.
    const gone = this.goneAt.get(id);
    const read = this.memory.get(id)?.diagnosis?.at;
    if (gone && read && read > gone) return;
    // A failure is kept in the state's error line by the task, for the door to show.
    void this.diagnose().catch(() => undefined);
  }

  /** Makes `id` the modem every later intent is about, showing what is known of it. */
  private show(id: string | null): void {
    this.s.selected = id;
    this.s.plan = null;
    const mem = id === null ? undefined : this.memory.get(id);
    const d = mem?.diagnosis;
    this.s.facts = d?.facts ?? null;
    this.s.findings = d?.findings ?? [];
    this.s.diagnosedAt = d?.at ?? null;
    this.setTranscript(d?.transcript ?? []);
    this.s.signal = mem?.signal ?? [];
    this.s.savedUndo = mem?.savedUndo ?? [];
  }

  selectModem(id: string): void {
    if (!this.s.modems.some((m) => m.id === id)) throw new SessionError('not-found', `There is no modem "${id}". Pick one of the modems listed.`);
    this.guardIdle();
    this.show(id);
    this.s.error = null;
    this.changed();
  }

  private selectedModem(): ModemEntry {
    const m = this.s.modems.find((x) => x.id === this.s.selected);
    if (!m) {
      throw new SessionError('no-modem', this.s.modems.length === 0
        ? 'No modem is plugged in. Plug one in, or start the virtual modem to look around.'
        : 'Pick a modem first.');
    }
    return m;
  }

  private guardIdle(): void {
    if (this.s.busy) throw new SessionError('busy', `Wait for "${this.s.busy.task}" to finish (now: ${this.s.busy.step}).`);
  }

  private mem(id: string): ModemMemory {
    let m = this.memory.get(id);
    if (!m) { m = { signal: [], savedUndo: [] }; this.memory.set(id, m); }
    return m;
  }

  // ---- long work ------------------------------------------------------------------------------

  /** Runs one long task: busy while it runs, progress pushed, the error kept for the door to show. */
  private async task<T>(name: string, work: (progress: (p: Progress) => void) => Promise<T>, scrub: (s: string) => string = (x) => x): Promise<T> {
    this.guardIdle();
    this.s.busy = { task: name, step: 'starting', startedAt: this.now() };
    this.s.error = null;
    this.changed();
    const progress = (p: Progress): void => {
      if (!this.s.busy || this.disposed) return;
      this.s.busy = { ...this.s.busy, step: p.step, ...(p.fraction !== undefined ? { fraction: p.fraction } : {}) };
      if (p.fraction === undefined) delete this.s.busy.fraction;
      this.changed();
    };
    try {
      return await work(progress);
    } catch (e) {
      const err = toSessionError(e);
      const clean = new SessionError(err.code, scrub(err.message));
      this.s.error = { code: clean.code, message: clean.message, at: this.now() };
      throw clean;
    } finally {
      this.s.busy = null;
      this.changed();
    }
  }

  private now(): string {
    return (this.opts.now?.() ?? new Date()).toISOString();
  }

  private setTranscript(all: readonly Exchange[]): void {
    const keep = all.slice(-TRANSCRIPT_LIMIT);
    this.s.transcript = keep.map((e) => ({ ...e }));
    this.s.transcriptDropped = all.length - keep.length;
  }

  private remember(modem: ModemEntry, d: DiagnosisResult): void {
    const at = this.now();
    const mem = this.mem(modem.id);
    mem.diagnosis = { ...d, at };
    const sig = d.facts.signal?.value;
    if (sig) {
      mem.signal.push({
        time: at,
        ...(sig.rsrp !== undefined ? { rsrp: sig.rsrp } : {}), ...(sig.rsrq !== undefined ? { rsrq: sig.rsrq } : {}),
        ...(sig.snr !== undefined ? { snr: sig.snr } : {}), ...(sig.rssi !== undefined ? { rssi: sig.rssi } : {}),
        quality: sig.quality,
      });
      if (mem.signal.length > SIGNAL_LIMIT) mem.signal.splice(0, mem.signal.length - SIGNAL_LIMIT);
    }
    const worst = d.findings[0];
    modem.diagnosedAt = at;
    modem.findingCount = d.findings.length;
    if (worst) modem.worst = { severity: worst.severity, finding: worst.id, title: worst.title };
    else delete modem.worst;
    if (this.s.selected === modem.id) this.show(modem.id);
  }

  private async refreshUndo(modem: ModemEntry): Promise<void> {
    try {
      this.mem(modem.id).savedUndo = await this.engine.undoRecords(modem.target, this.memory.get(modem.id)?.diagnosis?.facts);
    } catch {
      this.mem(modem.id).savedUndo = [];
    }
    if (this.s.selected === modem.id) this.s.savedUndo = this.mem(modem.id).savedUndo;
  }

  // ---- intents --------------------------------------------------------------------------------

  async diagnose(): Promise<{ findings: Finding[] }> {
    const modem = this.selectedModem();
    if (!modem.present) throw new SessionError('no-modem', `${modem.label} is not plugged in any more. Plug it back in and try again.`);
    return this.task('diagnose', async (progress) => {
      const d = await this.engine.diagnose(modem.target, { onProgress: progress });
      this.remember(modem, d);
      await this.refreshUndo(modem);
      return { findings: d.findings };
    });
  }

  private factsFor(modem: ModemEntry): Facts {
    const f = this.memory.get(modem.id)?.diagnosis?.facts;
    if (!f) throw new SessionError('refused', 'Diagnose the modem first: a fix is planned from what the doctor read.');
    return f;
  }

  /**
   * Refuses finishing (the same fix again) or undoing a fix another process is applying right now
   * on this modem, as the engine marked it: either would pull the change from under that process.
   * The door offers neither; this is for an intent sent anyway.
   */
  private refuseApplyingElsewhere(modem: ModemEntry, match: (r: SavedUndo) => boolean): void {
    const r = this.mem(modem.id).savedUndo.find((u) => u.applyingElsewhere && match(u));
    if (r?.applyingElsewhere) {
      throw new SessionError('refused', applyingElsewhereMessage(`${r.fix} (${r.actionId})`, r.applyingElsewhere.pid));
    }
  }

  async planFix(req: Omit<ApplyIntent, 'secrets'>): Promise<SessionState['plan']> {
    const modem = this.selectedModem();
    const facts = this.factsFor(modem);
    this.refuseApplyingElsewhere(modem, (r) => r.fix === req.fix);
    const request = { fix: req.fix, ...(req.finding ? { finding: req.finding } : {}), options: req.options ?? {}, force: req.force ?? false };
    return this.task(`plan ${req.fix}`, async () => {
      const plan = await this.engine.planFix({ target: modem.target, facts, ...request });
      this.s.plan = { modemId: modem.id, plan, request };
      return this.s.plan;
    });
  }

  cancelPlan(): void {
    this.s.plan = null;
    this.changed();
  }

  /** Applies a fix: the door sent it after the user saw the plan and said yes. */
  async applyFix(req: ApplyIntent): Promise<ActionEntry> {
    const modem = this.selectedModem();
    const facts = this.factsFor(modem);
    this.refuseApplyingElsewhere(modem, (r) => r.fix === req.fix);
    let given: Partial<Record<SecretKind, string>> | undefined = req.secrets;
    const secretValues = Object.values(given ?? {}).filter((v): v is string => typeof v === 'string' && v.length > 0);
    // An engine message that quotes a secret back (a modem echoing the PIN) is cleaned before
    // it reaches the state or the door.
    const scrub = (s: string): string => secretValues.reduce((t, v) => t.split(v).join('•••'), s);
    try {
      return await this.task(req.fix === 'connect-test' ? 'connect-test' : `apply ${req.fix}`, async (progress) => {
        const out = await this.engine.applyFix({
          target: modem.target, facts, fix: req.fix, ...(req.finding ? { finding: req.finding } : {}),
          options: req.options ?? {}, force: req.force ?? false, progress,
          secrets: async (kind) => {
            const v = given?.[kind];
            if (v === undefined || v === '') throw new SessionError('missing-secret', `This fix needs the ${SECRET_WORDS[kind]}; enter it and apply again.`);
            return v;
          },
        });
        const entry: ActionEntry = {
          id: out.undo?.actionId ?? `${this.now()}-${req.fix}-${this.s.actions.length + 1}`,
          modemId: modem.id, fix: req.fix, ...(req.finding ? { finding: req.finding } : {}),
          status: out.status, at: this.now(), plan: out.plan,
          ...(out.undo ? { undo: out.undo } : {}),
          ...(out.error ? { error: scrub(out.error) } : out.plan.refusal ? { error: out.plan.refusal.message } : {}),
          ...(out.outcome ? { outcome: out.outcome } : {}),
          ...(out.recheck ? { recheck: out.recheck } : {}),
        };
        this.s.actions.push(entry);
        if (this.s.actions.length > ACTION_LIMIT) this.s.actions.splice(0, this.s.actions.length - ACTION_LIMIT);
        this.s.plan = null;
        if (out.after) this.remember(modem, out.after);
        // A failed fix may still have changed the modem (a wrong PIN costs an attempt): look again.
        else if ((out.status === 'applied' || out.status === 'failed') && modem.present) {
          progress({ step: 'checking the modem again' });
          this.remember(modem, await this.engine.diagnose(modem.target, { onProgress: () => undefined }));
        }
        await this.refreshUndo(modem);
        return structuredClone(entry);
      }, scrub);
    } finally {
      given = undefined;
    }
  }

  async connectTest(keep: boolean): Promise<ActionEntry> {
    return this.applyFix({ fix: 'connect-test', options: keep ? { keep: 'yes' } : {} });
  }

  async undo(actionId: string): Promise<UndoRecord> {
    const modem = this.selectedModem();
    const fromActions = this.s.actions.find((a) => a.id === actionId && a.undo)?.undo;
    const record = fromActions ?? this.mem(modem.id).savedUndo.find((r) => r.actionId === actionId);
    if (!record) throw new SessionError('not-found', `There is no undo record "${actionId}" for ${modem.label}.`);
    this.refuseApplyingElsewhere(modem, (r) => r.actionId === actionId);
    return this.task(`undo ${record.fix}`, async (progress) => {
      const done = await this.engine.undo(record, { target: modem.present ? modem.target : undefined, progress });
      for (const a of this.s.actions) if (a.undo?.actionId === actionId) { a.status = 'undone'; a.undo = done; }
      // Given back to ModemManager, the modem is being probed by it now: opening its ports at once
      // would compete with that probe (and may make it fail). The user checks again when they want.
      if (modem.present && record.fix !== 'free-device') {
        progress({ step: 'checking the modem again' });
        this.remember(modem, await this.engine.diagnose(modem.target, { onProgress: () => undefined }));
      }
      await this.refreshUndo(modem);
      return done;
    });
  }

  /**
   * A provisioning profile over the modems the user selected (the fleet view): every modem at
   * once, each row with its own phase; plan only, or plan and apply (the door sent it after the
   * user saw the plans and agreed). Secrets are used for every modem and dropped.
   */
  async provision(req: ProvisionIntent): Promise<FleetRow[]> {
    const engineProvision = this.engine.provision?.bind(this.engine);
    if (!engineProvision) throw new SessionError('unavailable', 'Provisioning is not part of this build yet.');
    if (req.modemIds.length === 0) throw new SessionError('refused', 'Select at least one modem to provision.');
    let profile: ProvisioningProfile;
    try {
      profile = parseProfile(req.profile);
    } catch (e) {
      throw new SessionError('refused', e instanceof Error ? e.message : String(e));
    }
    const modems = [...new Set(req.modemIds)].map((id) => {
      const m = this.s.modems.find((x) => x.id === id);
      if (!m) throw new SessionError('not-found', `There is no modem "${id}". Pick among the modems listed.`);
      if (!m.present) throw new SessionError('no-modem', `${m.label} is not plugged in any more.`);
      return m;
    });
    const apply = req.apply === true;
    let given: Partial<Record<SecretKind, string>> | undefined = req.secrets;
    const secretValues = Object.values(given ?? {}).filter((v): v is string => typeof v === 'string' && v.length > 0);
    const scrub = (s: string): string => secretValues.reduce((t, v) => t.split(v).join('•••'), s);
    const rows: FleetRow[] = modems.map((m) => ({ modemId: m.id, label: m.label, phase: 'waiting', status: 'waiting' }));
    this.guardIdle();
    this.s.fleet = { ...(profile.name ? { profileName: profile.name } : {}), apply, startedAt: this.now(), rows };
    try {
      return await this.task(apply ? 'provision' : 'plan provision', async (progress) => {
        let done = 0;
        const say = (): void => progress({ step: `${done} of ${rows.length} modems done`, fraction: done / rows.length });
        say();
        await Promise.all(modems.map(async (m, i) => {
          const row = rows[i]!;
          row.status = 'running';
          const phase = (p: Progress): void => { row.phase = DIAGNOSE_STEPS.has(p.step) ? 'checking' : scrub(p.step); this.changed(); };
          try {
            const out = await engineProvision({
              target: m.target, profile, apply, progress: phase,
              secrets: async (kind) => {
                const v = given?.[kind];
                if (v === undefined || v === '') throw new SessionError('missing-secret', `The profile's login needs the ${SECRET_WORDS[kind]}; enter it and apply again.`);
                return v;
              },
            });
            row.plan = out.plan;
            if (out.result) {
              const r = out.result;
              row.status = r.status;
              row.changed = r.steps.filter((x) => x.status === 'applied').map((x) => x.key);
              row.remaining = r.remaining.map((c) => `${c.what}: ${c.now} (wanted ${c.wanted})`);
              row.errors = r.errors.map((e) => e.title);
              row.undo = r.undo.map((u) => u.actionId);
              if (r.error) row.error = scrub(r.error);
              for (const u of r.undo) {
                this.s.actions.push({ id: u.actionId, modemId: m.id, fix: u.fix, status: 'applied', at: this.now(), plan: { fix: u.fix, changes: u.changes, warnings: [], secrets: [], options: {} }, undo: u });
              }
              if (this.s.actions.length > ACTION_LIMIT) this.s.actions.splice(0, this.s.actions.length - ACTION_LIMIT);
            } else {
              row.status = out.plan.unreachable ? 'failed' : 'planned';
              if (out.plan.unreachable) row.error = out.plan.unreachable;
            }
            if (out.after) this.remember(m, out.after);
            row.phase = row.status === 'failed' ? 'failed' : apply ? 'done' : 'planned';
          } catch (e) {
            row.status = 'failed';
            row.phase = 'failed';
            row.error = scrub(toSessionError(e).message);
          }
          done++;
          say();
        }));
        this.s.fleet!.finishedAt = this.now();
        for (const m of modems) await this.refreshUndo(m);
        return structuredClone(rows);
      }, scrub);
    } finally {
      given = undefined;
    }
  }

  importLog(text: string): { findings: Finding[]; lineCount: number; truncated: boolean } {
    let r;
    try {
      r = this.engine.importLog(text);
    } catch (e) {
      throw toSessionError(e);
    }
    this.s.imported = { at: this.now(), lineCount: r.lineCount, truncated: r.truncated, findings: r.findings, facts: r.facts };
    this.s.error = null;
    this.changed();
    return { findings: r.findings, lineCount: r.lineCount, truncated: r.truncated };
  }

  /** The report of the selected modem (or of the imported log when no modem was diagnosed). */
  async exportReport(format: 'json' | 'html', showIdentities: boolean): Promise<{ filename: string; mimeType: string; content: string }> {
    const modem = this.s.modems.find((m) => m.id === this.s.selected);
    const d = modem ? this.memory.get(modem.id)?.diagnosis : undefined;
    const imported = this.s.imported;
    if (!d && !imported) throw new SessionError('refused', 'There is nothing to report yet: diagnose a modem or import a log first.');
    const findings = [...(d?.findings ?? []), ...(imported?.findings ?? [])];
    const actions = this.s.actions.filter((a) => a.modemId === modem?.id && a.undo).map((a) => a.undo!);
    let content: string;
    try {
      content = await this.engine.report({
        ...(d && modem ? { target: modem.target } : {}),
        ...(d ? { facts: d.facts } : imported ? { facts: imported.facts } : {}),
        findings, actions, transcript: d?.transcript ?? [], format, showIdentities,
      });
    } catch (e) {
      throw toSessionError(e);
    }
    const stamp = this.now().replace(/[-:]/g, '').slice(0, 15);
    return {
      filename: `modem-doctor-report-${stamp}.${format}`,
      mimeType: format === 'json' ? 'application/json' : 'text/html',
      content,
    };
  }

  async startVirtualModem(opts: { scenario?: string; profile?: string }): Promise<ModemEntry> {
    const start = this.opts.startVirtualModem;
    if (!start) throw new SessionError('unavailable', 'This door cannot start a virtual modem.');
    this.guardIdle();
    this.s.virtualModem = 'starting';
    try {
      const h = await this.task('start virtual modem', async (progress) => {
        progress({ step: `starting a virtual ${opts.profile ?? 'ec25'} (${opts.scenario ?? 'seed'})` });
        return start({ scenario: opts.scenario ?? 'seed', profile: opts.profile ?? 'ec25' });
      });
      if (this.disposed) { await h.stop(); throw new SessionError('unavailable', 'The session has ended.'); }
      this.virtuals.set(h.target.id, h);
      const entry: ModemEntry = { id: h.target.id, label: h.label, source: 'virtual', present: true, target: h.target, problems: [] };
      this.s.modems = [...this.s.modems.filter((m) => m.id !== entry.id), entry];
      this.s.virtualModem = 'running';
      if (this.s.selected === null || !this.s.modems.some((m) => m.id === this.s.selected && m.present)) this.show(entry.id);
      this.changed();
      return structuredClone(entry);
    } finally {
      if (this.s.virtualModem === 'starting') { this.s.virtualModem = this.virtuals.size > 0 ? 'running' : 'available'; this.changed(); }
    }
  }

  /** Plugs an unplugged virtual modem back in; it is then found present as a real one would be. */
  async replugVirtualModem(id: string): Promise<void> {
    const h = this.virtuals.get(id);
    if (!h) throw new SessionError('not-found', `No virtual modem "${id}" was started here.`);
    const m = this.s.modems.find((x) => x.id === id);
    if (m?.present) throw new SessionError('refused', `${m.label} is plugged in already.`);
    if (!h.replug) throw new SessionError('unavailable', 'This virtual modem cannot be plugged back in; start a new one instead.');
    this.guardIdle();
    await h.replug();
    this.checkPresence();
  }

  /** Stops one virtual modem this session started and drops it from the list. */
  async stopVirtualModem(id: string): Promise<void> {
    const h = this.virtuals.get(id);
    if (!h) throw new SessionError('not-found', `No virtual modem "${id}" was started here.`);
    this.guardIdle();
    this.virtuals.delete(id);
    await h.stop();
    this.s.modems = this.s.modems.filter((m) => m.id !== id);
    this.memory.delete(id);
    if (this.s.selected === id) this.show(null);
    this.autoSelect();
    this.s.virtualModem = this.virtuals.size > 0 ? 'running' : 'available';
    this.changed();
  }

  /** The target of a modem listed now (for doors that open it themselves, e.g. the CLI). */
  targetOf(id: string): ModemTarget | undefined {
    return this.s.modems.find((m) => m.id === id)?.target;
  }
}

/** A diagnosis's own steps, shown in a fleet row as one: "checking". */
const DIAGNOSE_STEPS = new Set(['opening ports', 'device', 'SIM', 'network', 'APN profiles', 'data format', 'ports', 'judging']);

const SECRET_WORDS: Readonly<Record<SecretKind, string>> = { pin: 'PIN', puk: 'PUK', 'new-pin': 'new PIN', 'apn-password': 'APN password' };

function toSessionError(e: unknown): SessionError {
  if (e instanceof SessionError) return e;
  if (e instanceof EngineError) {
    const code: SessionErrorCode = e.code === 'unavailable' ? 'unavailable' : e.code === 'not-found' ? 'not-found' : e.code === 'refused' ? 'refused' : 'failed';
    return new SessionError(code, e.message);
  }
  return new SessionError('failed', e instanceof Error ? e.message : String(e));
}
