// `modem-doctor provision FILE --plan|--apply [--all] [--yes]`: a provisioning profile (a desired
// state: docs/provisioning.md) checked against modems and, with consent, applied through the
// same fixes `fix` runs, with undo records. Only parses and prints; the engine
// (main/doctor/provision) plans and applies. Secrets come from a prompt or --secrets-stdin, each
// asked once for all modems; identities are masked in everything printed.

import fs from 'node:fs';
import { buildInventory } from '../doctor/inventory.ts';
import { maskIdentifiers } from '../doctor/log-import/log-lines.ts';
import type { SecretKind } from '../doctor/finding.ts';
import { applyPlan, planModem, planView, type ModemPlan, type ModemResult } from '../doctor/provision/provision.ts';
import { parseProfileText, ProfileError, type ProvisioningProfile } from '../doctor/provision/profile.ts';
import type { ModemTarget } from '../doctor/target.ts';
import { targetFromInventory, targetFromPorts } from '../doctor/targets.ts';
import { UndoStore } from '../doctor/undo-store.ts';
import { defaultSystemFacts } from '../system/system-facts.ts';
import { parseCommandArgs, usageError } from './args.ts';
import { DEVICE_OPTIONS, DEVICE_USAGE, oneTarget } from './device-target.ts';
import { askYes, CliRefusal, secretSource } from './fix-io.ts';
import { StderrProgress } from './stderr-progress.ts';
import { toJson } from './json-out.ts';

const USAGE = `Usage: modem-doctor provision FILE (--plan | --apply [--yes]) [--all | --targets FILE | device options]
                          [--secrets-stdin] [--json]

Checks modems against a provisioning profile (FILE: a desired state in JSON, see
docs/provisioning.md: APN and login, IP type, data format, USB composition, autoconnect) and
shows, per modem, what would change, from what to what; with --apply it changes it through the
same fixes \`modem-doctor fix\` runs, each with an undo record (\`modem-doctor undo\`). A modem
that already matches has nothing to change, so applying a profile twice changes nothing the
second time.

  --plan             show what would change and change nothing
  --apply            apply the plan (asks first on a terminal; --yes to apply without asking)
  --yes              apply without asking (needed when not on a terminal)
  --all              every modem \`modem-doctor list\` finds, concurrently; ends with a table
  --targets FILE     the modems in FILE, one JSON object a line: {"qmi", "at": [...], "net",
                     "sysfsRoot"}, or the lines \`modem-doctor simulate\` prints
  --secrets-stdin    read secrets (the APN password) from standard input, one per line, in the
                     order they are asked for; each is asked once and used for every modem.
                     Secrets are never in the profile and never arguments.
  --json             the plans (and results) as one JSON object
${DEVICE_USAGE}
  -h, --help         this text

Exit codes: 0 nothing to change (--plan) or every modem now matches (--apply); 1 changes
pending (--plan), declined, or a modem that could not be brought there; 2 usage error, a
profile that is not valid, or no modem.

Examples:
  modem-doctor provision fleet.json --plan --all
  modem-doctor provision fleet.json --apply --all --yes
  printf 'the-apn-password\\n' | modem-doctor provision fleet.json --apply --yes --secrets-stdin --device 1-2
`;

const OPTIONS = {
  ...DEVICE_OPTIONS,
  plan: { type: 'boolean', default: false },
  apply: { type: 'boolean', default: false },
  yes: { type: 'boolean', default: false },
  all: { type: 'boolean', default: false },
  targets: { type: 'string' },
  'secrets-stdin': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

// ------------------------------------------------------------------------------- targets

interface TargetLine { qmi?: unknown; at?: unknown; net?: unknown; sysfsRoot?: unknown; ports?: { qmi?: unknown; at?: unknown } }

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Modems named one JSON object a line (by hand, or simulate's own lines). */
export function targetsFromLines(text: string, proxy: boolean): ModemTarget[] {
  const out: ModemTarget[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let o: TargetLine;
    try {
      o = JSON.parse(line) as TargetLine;
    } catch (e) {
      throw new CliRefusal(`--targets: line ${i + 1} is not JSON (${(e as Error).message})`);
    }
    const qmi = str(o.ports?.qmi) ?? str(o.qmi);
    const atList = Array.isArray(o.ports?.at) ? o.ports.at : Array.isArray(o.at) ? o.at : [];
    const at = atList.map(str).filter((x): x is string => x !== undefined);
    if (!qmi && at.length === 0) throw new CliRefusal(`--targets: line ${i + 1} names no port ("qmi" or "at")`);
    const net = str(o.net);
    const sysfsRoot = str(o.sysfsRoot);
    out.push(targetFromPorts({ ...(qmi ? { qmi } : {}), at, ...(net ? { net } : {}) }, { ...(sysfsRoot ? { sysfsRoot } : {}), viaProxy: proxy }));
  });
  return out;
}

async function chooseTargets(v: { all: boolean; targets?: string | undefined; proxy: boolean; 'sysfs-root'?: string | undefined } & Parameters<typeof oneTarget>[0]): Promise<ModemTarget[]> {
  const byHand = v.device !== undefined || v.qmi !== undefined || (v.at?.length ?? 0) > 0;
  if (v.targets !== undefined) {
    if (byHand) throw new CliRefusal('--targets and device options name the modems twice: give one or the other');
    let text: string;
    try {
      text = fs.readFileSync(v.targets, 'utf8');
    } catch (e) {
      throw new CliRefusal(`--targets: ${(e as Error).message}`);
    }
    const t = targetsFromLines(text, v.proxy);
    if (t.length === 0) throw new CliRefusal(`--targets: ${v.targets} names no modem`);
    return t;
  }
  if (v.all) {
    if (byHand) throw new CliRefusal('--all takes every modem list finds: leave out --device/--qmi/--at');
    const inv = await buildInventory({ systemFacts: defaultSystemFacts });
    if (inv.modems.length === 0) throw new CliRefusal('no modem found (see modem-doctor list)');
    const sysfsRoot = v['sysfs-root'];
    return inv.modems.map((m) => targetFromInventory(m, { ...(sysfsRoot ? { sysfsRoot } : {}), viaProxy: v.proxy }));
  }
  return [await oneTarget(v)];
}

// ------------------------------------------------------------------------------- output

const DIAGNOSE_STEPS = new Set(['opening ports', 'device', 'SIM', 'network', 'APN profiles', 'data format', 'ports', 'judging']);

/** The diagnosis's own steps (device, SIM, network...) are shown as one: "checking". */
const checking = (step: string): string => (DIAGNOSE_STEPS.has(step) ? 'checking' : step);

const SECRET_WORDS: Record<SecretKind, string> = { pin: 'SIM PIN', puk: 'SIM PUK', 'new-pin': 'new SIM PIN', 'apn-password': 'APN password' };

/** One modem's plan, as infrastructure tools print one: + the changes, ! what cannot be done. */
function planText(p: ModemPlan): string {
  const lines = [`${p.label}:`];
  if (p.unreachable) return `${lines[0]} cannot be checked: ${p.unreachable}\n`;
  const ok = p.checks.filter((c) => c.state === 'ok' && !p.steps.some((s) => s.check.key === c.key));
  if (p.steps.length === 0) lines[0] = `${p.label}: nothing to change (${ok.map((c) => c.what).join(', ')} already as the profile says)`;
  for (const s of p.steps) {
    if (s.blocked) { lines.push(`  ! ${s.check.what}: ${s.blocked}`); continue; }
    lines.push(`  ~ ${s.check.what} (fix ${s.check.fix}):`);
    for (const c of s.plan?.changes ?? []) lines.push(`      ${c.what}: ${c.from} → ${c.to}`);
    for (const w of s.plan?.warnings ?? []) lines.push(`      note: ${w}`);
    if (s.plan?.secrets.length) lines.push(`      asks for: ${s.plan.secrets.map((k) => SECRET_WORDS[k]).join(', ')}`);
  }
  if (p.steps.length && ok.length) lines.push(`  = unchanged: ${ok.map((c) => `${c.what} (${c.now})`).join('; ')}`);
  return `${lines.join('\n')}\n`;
}

function planSummary(plans: ModemPlan[]): string {
  const changes = plans.reduce((n, p) => n + p.steps.filter((s) => !s.blocked).length, 0);
  const blocked = plans.reduce((n, p) => n + p.steps.filter((s) => s.blocked).length + (p.unreachable ? 1 : 0), 0);
  const modems = plans.filter((p) => p.steps.length || p.unreachable).length;
  if (changes === 0 && blocked === 0) return `No changes: ${plans.length === 1 ? 'the modem matches' : `all ${plans.length} modems match`} the profile.\n`;
  return `Plan: ${changes} setting${changes === 1 ? '' : 's'} to change on ${modems} of ${plans.length} modem${plans.length === 1 ? '' : 's'}${blocked ? `, ${blocked} that cannot be changed or checked` : ''}.\n`;
}

function table(results: ModemResult[]): string {
  const rows = results.map((r) => [
    r.label,
    r.status,
    r.steps.filter((s) => s.status === 'applied').map((s) => s.key).join(', ') || '-',
    r.status === 'failed' ? (r.error ?? 'failed') : r.errors.length ? `errors: ${r.errors.map((e) => e.id).join(', ')}` : 'ok',
  ]);
  const head = ['MODEM', 'RESULT', 'CHANGED', 'STATE AFTER'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!))).join('  ');
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

// ------------------------------------------------------------------------------- run

/** Each secret asked once (the first modem that needs it) and used for every modem. */
function sharedSecrets(source: (kind: SecretKind) => Promise<string>): (kind: SecretKind) => Promise<string> {
  const asked = new Map<SecretKind, Promise<string>>();
  return (kind) => {
    let p = asked.get(kind);
    if (!p) { p = source(kind); asked.set(kind, p); }
    return p;
  };
}

function readProfile(file: string): ProvisioningProfile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliRefusal(`cannot read the profile: ${(e as Error).message}`);
  }
  return parseProfileText(text);
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('provision', args, OPTIONS, USAGE);
  if (typeof parsed === 'number') return parsed;
  const { values: v, positionals } = parsed;
  if (positionals.length !== 1) return usageError('provision', 'give one profile FILE (docs/provisioning.md)', USAGE);
  if (v.plan === v.apply) return usageError('provision', 'give --plan (show what would change) or --apply (change it)', USAGE);
  if (v.yes && !v.apply) return usageError('provision', '--yes goes with --apply', USAGE);
  const progress = new StderrProgress();
  try {
    const profile = readProfile(positionals[0]!);
    const targets = await chooseTargets(v);
    const plans = await Promise.all(targets.map((t) => planModem(t, profile, { progress: progress.for(t.id, checking) })));
    const changes = plans.some((p) => p.steps.length > 0 || p.unreachable);
    if (v.plan) {
      progress.stop();
      process.stdout.write(maskIdentifiers(v.json ? `${toJson({ profile, modems: plans.map(planView) }, true)}\n` : `${plans.map(planText).join('\n')}\n${planSummary(plans)}`));
      return changes ? 1 : 0;
    }
    // Consent, once for every modem's plan.
    if (plans.some((p) => p.steps.some((s) => !s.blocked)) && !v.yes) {
      process.stdout.write(maskIdentifiers(`${plans.map(planText).join('\n')}\n${planSummary(plans)}`));
      if (!process.stdin.isTTY || !process.stderr.isTTY) {
        throw new CliRefusal('Not applied: nobody at a terminal to say yes. Run again with --yes to apply the plan above.', 1);
      }
      progress.stop();
      if (!(await askYes('Apply it? [y/N] '))) { process.stdout.write('Not applied: you said no. Nothing was changed.\n'); return 1; }
    }
    const store = new UndoStore();
    const secrets = sharedSecrets(secretSource(v['secrets-stdin']));
    const started = performance.now();
    const results = await Promise.all(plans.map((p) => applyPlan(p, profile, { secrets, store, progress: progress.for(p.target.id, checking) }).catch((e: unknown): ModemResult => ({
      target: p.target, label: p.label, status: 'failed', steps: [], remaining: [], errors: [], undo: [],
      error: e instanceof Error ? e.message : String(e),
    }))));
    const ms = Math.round(performance.now() - started);
    progress.stop();
    const ok = results.every((r) => r.status !== 'failed');
    if (v.json) {
      process.stdout.write(maskIdentifiers(`${toJson({ profile, ok, durationMs: ms, modems: results.map(({ after: _after, ...r }, i) => ({ ...r, plan: planView(plans[i]!) })) }, true)}\n`));
    } else {
      const undo = results.flatMap((r) => r.undo.map((u) => u.actionId));
      process.stdout.write(maskIdentifiers(`${plans.map(planText).join('\n')}\n${table(results)}${(ms / 1000).toFixed(1)} s. ${undo.length ? `Undo records: ${undo.length} (modem-doctor undo --list).` : ''}\n`));
    }
    return ok ? 0 : 1;
  } catch (e) {
    progress.stop();
    if (e instanceof ProfileError) { process.stderr.write(`modem-doctor provision: ${e.problems.map((p) => `\n  ${p}`).join('')}\n`); return 2; }
    if (e instanceof CliRefusal) { process.stderr.write(`modem-doctor provision: ${e.message}\n`); return e.exitCode; }
    process.stderr.write(`modem-doctor provision: ${(e as Error).message}\n`);
    return 2;
  }
}
