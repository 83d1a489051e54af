// Provisioning one modem: plan (diagnose it, check the profile against its facts, and for each
// setting it lacks ask the fix that brings it there for its own plan: what changes, from what to
// what, which secrets) and apply (run those fixes through the fix runner, with undo records, then
// diagnose again to verify). A modem that already matches the profile gets an empty plan, so a
// profile applied twice changes nothing the second time. Consent is the caller's: it is asked
// once for the plans of every modem, before applyPlan runs.

import type { SecretKind } from '../finding.ts';
import type { FixPlan, Progress, UndoRecord } from '../fix.ts';
import type { Facts } from '../facts.ts';
import type { Finding } from '../finding.ts';
import { connectTarget } from '../connect-target.ts';
import { diagnose as realDiagnose, type Diagnosis, type DiagnoseOptions } from '../diagnose.ts';
import { FixError, type FixSystem } from '../fixes/context.ts';
import { FIXES } from '../fixes/index.ts';
import type { OpenModem } from '../open-modem.ts';
import { runFix } from '../run-fix.ts';
import { targetLabel, type ModemTarget } from '../target.ts';
import type { UndoStore } from '../undo-store.ts';
import { checkProfile, type SettingCheck } from './desired.ts';
import type { ProvisioningProfile } from './profile.ts';
import type { AppliedStep, PlanView, ResultView } from './plan-view.ts';

export type { AppliedStep, PlanView, ResultView } from './plan-view.ts';

export interface ProvisionDeps {
  /** How a modem is diagnosed (default: main/doctor/diagnose.ts). */
  diagnose?: (target: ModemTarget, opts?: DiagnoseOptions) => Promise<Diagnosis>;
  /** How a modem is opened for the fixes (default: connectTarget). */
  connect?: (target: ModemTarget) => Promise<OpenModem>;
  system?: FixSystem;
  progress?: (p: Progress) => void;
}

export interface PlannedStep {
  check: SettingCheck;
  /** The fix's own plan (its changes are what the user consents to). */
  plan?: FixPlan;
  /** Why this setting cannot be brought there (the fix refused, or its value is unknown). */
  blocked?: string;
}

export interface ModemPlan {
  target: ModemTarget;
  label: string;
  /** Every setting the profile names, as the modem has it. */
  checks: SettingCheck[];
  /** The settings to change (or that cannot be), in the order they are applied. */
  steps: PlannedStep[];
  /** Set when the modem could not be read at all. */
  unreachable?: string;
  /** The diagnosis the plan rests on (not for printing: it holds identities). */
  facts: Facts;
  findings: Finding[];
}

export interface ModemResult extends ResultView {
  /** The diagnosis after applying (not for printing: it holds identities). */
  after?: Diagnosis;
}

export function planView(p: ModemPlan): PlanView {
  return {
    target: p.target, label: p.label, checks: p.checks,
    steps: p.steps.map((s) => ({
      key: s.check.key, ...(s.check.fix ? { fix: s.check.fix } : {}), what: s.check.what, from: s.check.now, to: s.check.wanted,
      ...(s.plan ? { changes: s.plan.changes, warnings: s.plan.warnings, secrets: s.plan.secrets } : {}), ...(s.blocked ? { blocked: s.blocked } : {}),
    })),
    ...(p.unreachable ? { unreachable: p.unreachable } : {}),
  };
}

function unreachable(facts: Facts): string | undefined {
  const r = facts.reach.value;
  const all = [...(r.qmi ? [r.qmi] : []), ...r.at];
  if (all.some((p) => p.answer === 'answered')) return undefined;
  return all.length ? `no port answered (${all.map((p) => `${p.path}: ${p.answer}`).join(', ')})` : 'the modem shows no port';
}

const noSecrets = async (kind: SecretKind): Promise<string> => { throw new FixError('refused', `planning never asks for secrets (${kind})`); };

/** The fixes' own plans for the checks that need a change, with the modem open (read only). */
async function fixPlans(open: OpenModem, facts: Facts, checks: SettingCheck[], system: FixSystem | undefined): Promise<PlannedStep[]> {
  const steps: PlannedStep[] = [];
  for (const check of checks) {
    if (check.state === 'unknown') { steps.push({ check, blocked: `cannot check: ${check.note ?? 'not readable'}` }); continue; }
    if (check.state !== 'change' || !check.fix) continue;
    const plan = await FIXES[check.fix].plan({
      open, facts, options: check.options ?? {}, force: false, secrets: noSecrets, progress: () => undefined, ...(system ? { system } : {}),
    });
    // The fix sees nothing to do: the setting is there after all (read another way).
    if (plan.refusal?.code === 'nothing-to-do') continue;
    steps.push(plan.refusal ? { check, plan, blocked: plan.refusal.message } : { check, plan });
  }
  return steps;
}

export async function planModem(target: ModemTarget, profile: ProvisioningProfile, deps: ProvisionDeps = {}): Promise<ModemPlan> {
  const diagnose = deps.diagnose ?? realDiagnose;
  const diag = await diagnose(target, { ...(deps.progress ? { onProgress: deps.progress } : {}) });
  const base = { target, label: targetLabel(target), facts: diag.facts, findings: diag.findings };
  const away = unreachable(diag.facts);
  if (away) return { ...base, checks: [], steps: [], unreachable: away };
  const checks = checkProfile(profile, diag.facts);
  if (!checks.some((c) => c.state !== 'ok')) return { ...base, checks, steps: [] };
  deps.progress?.({ step: 'planning the changes' });
  const open = await (deps.connect ?? connectTarget)(target);
  try {
    return { ...base, checks, steps: await fixPlans(open, diag.facts, checks, deps.system) };
  } finally {
    await open.close();
  }
}

/** After a reset the AT port answers first; QMI services come a moment later. Read the modem
 *  again until every setting left can be checked (or a while has passed: then it says so). */
async function readAfterReset(target: ModemTarget, profile: ProvisioningProfile, keys: Set<SettingCheck['key']>,
  diagnose: NonNullable<ProvisionDeps['diagnose']>, progress: (p: Progress) => void): Promise<{ facts: Facts; checks: SettingCheck[] }> {
  const started = Date.now();
  for (;;) {
    const again = await diagnose(target, { onProgress: progress });
    const checks = checkProfile(profile, again.facts).filter((c) => keys.has(c.key));
    if (!checks.some((c) => c.state === 'unknown') || Date.now() - started > AFTER_RESET_MS) return { facts: again.facts, checks };
    progress({ step: 'waiting for the modem to answer everything after its reset' });
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const AFTER_RESET_MS = 30_000;

export interface ApplyOptions extends ProvisionDeps {
  secrets: (kind: SecretKind) => Promise<string>;
  store?: UndoStore;
}

/** Applies a plan the user consented to, then diagnoses again to see that the modem matches. */
export async function applyPlan(plan: ModemPlan, profile: ProvisioningProfile, o: ApplyOptions): Promise<ModemResult> {
  const diagnose = o.diagnose ?? realDiagnose;
  const connect = o.connect ?? connectTarget;
  const progress = o.progress ?? (() => undefined);
  const base = { target: plan.target, label: plan.label };
  if (plan.unreachable) return { ...base, status: 'failed', steps: [], remaining: [], errors: [], undo: [], error: plan.unreachable };
  if (plan.steps.length === 0) {
    return { ...base, status: 'unchanged', steps: [], remaining: [], errors: plan.findings.filter((f) => f.severity === 'error').map((f) => ({ id: f.id, title: f.title })), undo: [] };
  }
  // Every secret the plan names is asked for before anything changes: a missing password stops
  // the modem here, not half-way with some settings changed.
  const given = new Map<SecretKind, string>();
  try {
    for (const k of plan.steps.flatMap((st) => st.plan?.secrets ?? [])) if (!given.has(k)) given.set(k, await o.secrets(k));
  } catch (e) {
    return { ...base, status: 'failed', steps: [], remaining: [], errors: [], undo: [], error: `nothing was changed: ${e instanceof Error ? e.message : String(e)}` };
  }
  const secrets = async (k: SecretKind): Promise<string> => given.get(k) ?? o.secrets(k);
  const steps: AppliedStep[] = [];
  const undo: UndoRecord[] = [];
  let facts = plan.facts;
  let todo = [...plan.steps];
  let open: OpenModem | undefined = await connect(plan.target);
  let failed = false;
  try {
    while (todo.length) {
      const step = todo.shift()!;
      const { check } = step;
      if (failed || step.blocked || !check.fix) {
        steps.push({ key: check.key, fix: check.fix ?? '-', status: 'skipped', changes: [], message: step.blocked ?? 'skipped: an earlier change failed' });
        failed = true;
        continue;
      }
      progress({ step: `${check.what}: ${check.now} → ${check.wanted}` });
      const r = await runFix({
        fix: check.fix, open: open!, facts, options: check.options ?? {}, secrets, progress,
        consent: async () => true, ...(o.store ? { store: o.store } : {}), ...(o.system ? { system: o.system } : {}),
      });
      if (r.status === 'refused' && r.plan.refusal?.code === 'nothing-to-do') continue;
      if (r.status !== 'applied') {
        failed = true;
        steps.push({ key: check.key, fix: check.fix, status: 'failed', changes: r.plan.changes, message: r.error ?? r.plan.refusal?.message ?? r.status });
        continue;
      }
      if (r.undo) undo.push(r.undo);
      const msg = r.outcome?.message;
      steps.push({ key: check.key, fix: check.fix, status: 'applied', changes: r.plan.changes, ...(r.undo ? { actionId: r.undo.actionId } : {}), ...(typeof msg === 'string' ? { message: msg } : {}) });
      if (check.fix === 'set-usbnet-mode' && todo.length) {
        // The modem reset with other interfaces: read it again and plan what is left from that.
        await open!.close();
        open = undefined;
        const keys = new Set(todo.map((s) => s.check.key));
        const { facts: after, checks } = await readAfterReset(plan.target, profile, keys, diagnose, progress);
        facts = after;
        open = await connect(plan.target);
        todo = await fixPlans(open, facts, checks, o.system);
      }
    }
  } finally {
    await open?.close();
  }
  progress({ step: 'checking the modem again' });
  const after = await diagnose(plan.target, { onProgress: progress });
  const remaining = checkProfile(profile, after.facts).filter((c) => c.state !== 'ok');
  const errors = after.findings.filter((f) => f.severity === 'error').map((f) => ({ id: f.id, title: f.title }));
  const status = failed || remaining.length ? 'failed' : 'changed';
  const firstError = steps.find((s) => s.status !== 'applied')?.message;
  return {
    ...base, status, steps, remaining, errors, undo, after,
    ...(status === 'failed' ? { error: firstError ?? `still different: ${remaining.map((c) => `${c.what} is ${c.now}`).join('; ')}` } : {}),
  };
}
