// A session engine for tests of the session itself: modems that come and go on demand, and
// diagnoses from the simulator's scenario declarations judged by the real rules, so the steps
// and findings the session shows are the ones the doctor would raise.

import type { Exchange } from '../../main/evidence/exchange.ts';
import { evaluateRules } from '../../main/doctor/rules/index.ts';
import type { ApplyOutcome, FoundModem, SessionEngine } from '../../main/doctor/session-engine.ts';
import type { FixPlan, UndoRecord } from '../../main/doctor/fix.ts';
import type { ModemTarget } from '../../main/doctor/target.ts';
import { PROFILES } from '../../main/simulator/profiles/index.ts';
import type { ScenarioName } from '../../main/simulator/scenarios.ts';
import { scenarioFacts } from './rules/fixtures.ts';

export const EC25_TARGET: ModemTarget = { id: '1-1', qmi: '/dev/cdc-wdm0', at: ['/dev/ttyUSB2'], usb: { vid: 0x2c7c, pid: 0x0125, model: 'EC25' } };

export class TestEngine implements SessionEngine {
  modems: FoundModem[] = [{ target: EC25_TARGET, label: 'Quectel EC25 (2c7c:0125)', problems: [] }];
  scenario: ScenarioName = 'seed';
  transcriptLength = 3;
  /** Set to hold diagnose until released. */
  gate: Promise<void> | null = null;
  hotplug: (() => void) | null = null;
  present = true;
  /** What apply saw, to check secrets reached the fix. */
  secretsSeen: string[] = [];
  applyError: string | null = null;
  /** More of the connect test's outcome (its data path). */
  connectExtra: Record<string, unknown> = {};
  undone: string[] = [];

  async listModems(): Promise<FoundModem[]> { return this.modems.map((m) => structuredClone(m)); }
  watchModems(onChange: () => void): () => void { this.hotplug = onChange; return () => { this.hotplug = null; }; }
  portsPresent(): boolean { return this.present; }

  async diagnose(_t: ModemTarget, opts: { onProgress: (p: { step: string; fraction?: number }) => void }) {
    opts.onProgress({ step: 'SIM', fraction: 0.25 });
    if (this.gate) await this.gate;
    const facts = scenarioFacts(this.scenario, PROFILES.ec25!);
    const transcript: Exchange[] = Array.from({ length: this.transcriptLength }, (_, i) => ({
      seq: i + 1, time: new Date(0).toISOString(), port: '/dev/cdc-wdm0', protocol: 'qmi' as const, direction: 'tx' as const, raw: '01',
    }));
    return { facts, findings: evaluateRules(facts), transcript };
  }

  async planFix(req: { fix: FixPlan['fix']; options: Record<string, string> }): Promise<FixPlan> {
    return {
      fix: req.fix, changes: [{ what: 'APN of profile 1', from: '(none)', to: req.options.apn ?? 'internet.it' }],
      warnings: [], secrets: req.fix === 'unlock-sim' ? ['pin'] : [], options: req.options,
    };
  }

  async applyFix(req: Parameters<SessionEngine['applyFix']>[0]): Promise<ApplyOutcome> {
    const plan = await this.planFix(req);
    for (const k of plan.secrets) this.secretsSeen.push(await req.secrets(k));
    req.progress({ step: 'writing the profile' });
    if (this.applyError) throw new Error(this.applyError);
    this.scenario = 'healthy';
    const undo: UndoRecord = {
      actionId: `a-${req.fix}`, fix: req.fix, appliedAt: new Date(0).toISOString(),
      modem: { imeiMasked: '86••••••••••123', imeiHash: 'h', label: 'EC25' }, changes: plan.changes, restore: {},
    };
    return { status: 'applied', plan, undo, outcome: req.fix === 'connect-test' ? { settings: { ipv4: '10.23.154.198', mtu: 1500 }, ...this.connectExtra } : {} };
  }

  async undoRecords(): Promise<UndoRecord[]> { return []; }
  async undo(record: UndoRecord): Promise<UndoRecord> {
    this.undone.push(record.actionId);
    this.scenario = 'seed';
    return { ...record, undoneAt: new Date(1).toISOString() };
  }
  importLog(): never { throw new Error('not used'); }
  async report(req: { format: string; findings: readonly { id: string }[] }): Promise<string> {
    return JSON.stringify({ format: req.format, findings: req.findings.map((f) => f.id) });
  }
}
