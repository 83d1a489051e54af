// `modem-doctor fix FINDING_ID [--yes] [--force] [--apn X ...]`: the fix a finding offers (or a fix
// named by its id), on one modem: diagnose, plan, consent, apply, re-check, undo record. Only
// parses and prints; the engine (main/doctor/run-fix.ts) does the work.

import { connectTarget } from '../doctor/connect-target.ts';
import { diagnose } from '../doctor/diagnose.ts';
import { FIX_IDS, type Finding, type FixId } from '../doctor/finding.ts';
import type { FindingId } from '../doctor/finding-ids.ts';
import { holdsInhibition } from '../doctor/fixes/free-device.ts';
import { runFix, undoAction, type RunFixResult } from '../doctor/run-fix.ts';
import { targetLabel } from '../doctor/target.ts';
import { UndoStore } from '../doctor/undo-store.ts';
import { parseCommandArgs, usageError } from './args.ts';
import { DEVICE_OPTIONS, DEVICE_USAGE, oneTarget } from './device-target.ts';
import { CliRefusal, consentFrom, planText, secretSource } from './fix-io.ts';
import { StderrProgress } from './stderr-progress.ts';
import { toJson } from './json-out.ts';

const USAGE = `Usage: modem-doctor fix FINDING_ID [--yes] [--force] [--apn NAME] [--profile N] [--username NAME]
                    [--way inhibit|stop|ignore] [--mode N] [--secrets-stdin] [--json] [device options]

Applies the fix a finding of \`modem-doctor diagnose\` offers (FINDING_ID, e.g. apn-missing), or a fix
named by its id (${FIX_IDS.join(', ')}). It shows what will change, from what to what, and asks
before changing anything; then applies it, checks the modem again and keeps an undo record
(\`modem-doctor undo\`).

  --yes              apply without asking (needed when not on a terminal)
  --force            also when it risks what cannot be taken back (the last PIN or PUK attempt)
  --apn NAME         set-apn: the APN (default: the provider database's first suggestion)
  --profile N        set-apn, connect-test: the profile (default: the modem's default, 1)
  --username NAME    set-apn: a user name; the password is then asked for as a secret
  --way W            free-device: inhibit (while this command runs), stop, or ignore (a udev rule)
  --mode N           set-usbnet-mode: the composition value (default: the vendor's QMI one)
  --secrets-stdin    read secrets (PIN, PUK, new PIN, APN password) from standard input, one per
                     line, in the order the plan names them; never give them as arguments
  --json             the result as one JSON object
${DEVICE_USAGE}
  -h, --help         this text

Exit codes: 0 applied (and the finding is gone when it was re-checked), 1 refused, declined,
failed or still there, 2 usage error or a modem that cannot be reached.

Examples:
  modem-doctor fix apn-missing --yes
  modem-doctor fix sim-pin-required                         # asks for the PIN without showing it
  printf '1234\\n' | modem-doctor fix sim-pin-required --yes --secrets-stdin
`;

const OPTIONS = {
  ...DEVICE_OPTIONS,
  yes: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  apn: { type: 'string' },
  profile: { type: 'string' },
  username: { type: 'string' },
  way: { type: 'string' },
  mode: { type: 'string' },
  keep: { type: 'boolean', default: false },
  'secrets-stdin': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

function summary(r: RunFixResult): string {
  const lines: string[] = [];
  switch (r.status) {
    case 'refused': lines.push(`Not applied: ${r.plan.refusal?.message ?? 'refused'}`); break;
    case 'declined': lines.push('Not applied: you said no. Nothing was changed.'); break;
    case 'failed': lines.push(`Failed: ${r.error ?? 'unknown error'}`); break;
    case 'applied': {
      lines.push(`Applied ${r.plan.fix}:`);
      for (const c of r.plan.changes) lines.push(`  ${c.what}: ${c.from} → ${c.to}`);
      const msg = r.outcome?.message;
      if (typeof msg === 'string') lines.push(`  ${msg}`);
      if (r.undo) lines.push(r.undo.irreversible ? `  Cannot be undone: ${r.undo.irreversible}` : `  To undo: modem-doctor undo ${r.undo.actionId}`);
      if (r.recheck) lines.push(r.recheck.resolved ? '  Checked again: the finding is gone.' : `  Checked again: still found: ${r.recheck.remaining.join(', ') || 'nothing'}.`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('fix', args, OPTIONS, USAGE);
  if (typeof parsed === 'number') return parsed;
  const { values: v, positionals } = parsed;
  if (positionals.length !== 1) return usageError('fix', 'give one FINDING_ID (from modem-doctor diagnose) or a fix id', USAGE);
  const wanted = positionals[0]!;
  const progress = new StderrProgress();
  try {
    const target = await oneTarget(v);
    progress.update({ step: `diagnosing ${targetLabel(target)}` });
    const diag = await diagnose(target, { onProgress: progress.update });
    let fix: FixId;
    let finding: Finding | undefined;
    if ((FIX_IDS as readonly string[]).includes(wanted)) {
      fix = wanted as FixId;
    } else {
      finding = diag.findings.find((f) => f.id === wanted);
      if (!finding) {
        process.stderr.write(`modem-doctor fix: ${targetLabel(target)} has no finding ${wanted}${diag.findings.length ? ` (it has: ${diag.findings.map((f) => f.id).join(', ')})` : ' (no findings)'}.\n`);
        return 1;
      }
      const offer = finding.fixes[0];
      if (!offer) {
        process.stderr.write(`modem-doctor fix: no fix exists for ${wanted}: ${finding.explanation}\n`);
        return 1;
      }
      fix = offer.fix;
      if (offer.needsForce && !v.force) process.stderr.write(`Note: ${offer.needsForce}\n`);
    }
    const options: Record<string, string> = { ...(finding?.fixes[0]?.options ?? {}) };
    for (const k of ['apn', 'profile', 'username', 'way', 'mode'] as const) if (v[k] !== undefined) options[k] = v[k] as string;
    if (v.keep) options.keep = 'yes';
    const open = await connectTarget(target);
    let closed = false;
    const close = async (): Promise<void> => { if (!closed) { closed = true; await open.close(); } };
    const store = new UndoStore();
    let result: RunFixResult;
    try {
      result = await runFix({
        fix, ...(finding ? { finding: finding.id as FindingId } : {}), open, facts: diag.facts, options, force: v.force,
        secrets: secretSource(v['secrets-stdin']), progress: progress.update, consent: consentFrom(v.yes, `fix ${wanted}`), store,
        recheck: async () => {
          await close();
          const again = await diagnose(target, { onProgress: progress.update });
          return { findings: again.findings, facts: again.facts };
        },
      });
    } finally {
      await close();
    }
    progress.stop();
    const { facts: _omitFacts, ...shown } = result;
    process.stdout.write(v.json ? `${toJson(shown, true)}\n` : (result.status === 'refused' && result.plan.changes.length ? planText(result.plan) : '') + summary(result));
    if (result.undo && holdsInhibition(result.undo.actionId)) {
      // An inhibition lasts while this process holds its D-Bus connection: hold it until asked to stop.
      process.stderr.write(`ModemManager stays away while this command runs. Press Ctrl-C to give the modem back (or run modem-doctor undo ${result.undo.actionId} elsewhere).\n`);
      await new Promise<void>((resolve) => { process.once('SIGINT', () => resolve()); process.once('SIGTERM', () => resolve()); });
      const u = await undoAction({ record: store.load(result.undo.actionId), store });
      process.stdout.write(`${u.outcome.message}\n`);
    }
    if (result.status !== 'applied') return 1;
    return result.recheck && !result.recheck.resolved ? 1 : 0;
  } catch (e) {
    progress.stop();
    if (e instanceof CliRefusal) {
      process.stderr.write(`modem-doctor fix: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`modem-doctor fix: ${(e as Error).message}\n`);
    return 2;
  }
}
