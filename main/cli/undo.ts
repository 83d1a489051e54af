// `modem-doctor undo [ACTION_ID] [--list] [--json] [device options]`: puts back what a fix changed,
// from its undo record ($XDG_STATE_HOME/modem-doctor/undo), in this process or any later one.
// Without ACTION_ID the most recent action not yet undone is undone; --list only lists them.

import { connectTarget } from '../doctor/connect-target.ts';
import { FixError } from '../doctor/fixes/context.ts';
import type { UndoRecord } from '../doctor/fix.ts';
import { readImei } from '../doctor/read-imei.ts';
import { undoAction } from '../doctor/run-fix.ts';
import { stillApplying, UndoStore, UndoStoreError } from '../doctor/undo-store.ts';
import { parseCommandArgs, usageError } from './args.ts';
import { DEVICE_OPTIONS, DEVICE_USAGE, oneTarget } from './device-target.ts';
import { cutShortText } from './cut-short.ts';
import { CliRefusal } from './fix-io.ts';
import { StderrProgress } from './stderr-progress.ts';
import { toJson } from './json-out.ts';

const USAGE = `Usage: modem-doctor undo [ACTION_ID] [--list] [--json] [device options]

Puts back what a fix changed, from the undo record it left in
$XDG_STATE_HOME/modem-doctor/undo (~/.local/state/modem-doctor/undo). Works from any later
process: the record names the modem's ports, and the modem is checked to be the same one (by a
keyed hash of its IMEI; IMEIs are shown masked).

  ACTION_ID          the action to undo (modem-doctor fix prints it); without it, the most recent
                     action not yet undone
  --list             list the actions not yet undone, newest first, and change nothing
  --json             the result as JSON
${DEVICE_USAGE}
                     (default: the ports the record names)
  -h, --help         this text

Some changes cannot be undone (a PIN once entered); the record says so and undo says it again.

Exit codes: 0 undone (or listed), 1 nothing to undo or it could not be put back, 2 usage error.

Examples:
  modem-doctor undo --list
  modem-doctor undo                                    # the latest action
  modem-doctor undo 20261201T231500Z-set-apn-3f9a0c
`;

const OPTIONS = {
  ...DEVICE_OPTIONS,
  list: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

function line(r: UndoRecord): string {
  const what = r.changes.map((c) => `${c.what}: ${c.from} → ${c.to}`).join('; ');
  const running = stillApplying(r);
  const cut = r.status === 'applying' && !running;
  const status = running ? ` [being applied now, by process ${r.applyingIn!.pid}]` : cut ? ' [cut short while applying: may be half done]' : r.status === 'failed' ? ' [failed part-way]' : '';
  return `${r.actionId}  ${r.fix}  ${r.modem.label} (IMEI ${r.modem.imeiMasked})${status}\n    ${what}${r.irreversible ? '\n    cannot be undone: ' + r.irreversible : ''}` +
    (cut ? `\n${cutShortText(r)}` : '');
}

/** Fixes whose undo works without the modem's ports (the system around it). */
const NO_MODEM = new Set(['free-device']);

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('undo', args, OPTIONS, USAGE);
  if (typeof parsed === 'number') return parsed;
  const { values: v, positionals } = parsed;
  if (positionals.length > 1) return usageError('undo', 'give at most one ACTION_ID', USAGE);
  const store = new UndoStore();
  if (v.list) {
    const all = store.undoable();
    process.stdout.write(v.json ? `${toJson(all, true)}\n` : all.length ? `${all.map(line).join('\n')}\n` : 'Nothing to undo.\n');
    return 0;
  }
  const progress = new StderrProgress();
  try {
    let record: UndoRecord;
    if (positionals[0] !== undefined) {
      record = store.load(positionals[0]);
    } else {
      const latest = store.undoable()[0];
      if (!latest) { process.stdout.write('Nothing to undo.\n'); return 1; }
      record = latest;
    }
    const byHand = v.device !== undefined || v.qmi !== undefined || (v.at?.length ?? 0) > 0;
    const target = byHand ? await oneTarget(v) : record.target;
    let open;
    let imei: string | undefined;
    if (target && !NO_MODEM.has(record.fix)) {
      progress.update({ step: 'reaching the modem' });
      open = await connectTarget(target);
      imei = await readImei(open);
    }
    try {
      const u = await undoAction({ record, ...(open ? { open } : {}), ...(imei ? { imei } : {}), store, progress: progress.update });
      progress.stop();
      process.stdout.write(v.json ? `${toJson({ actionId: record.actionId, ...u.outcome, record: u.record }, true)}\n` : `Undid ${record.actionId} (${record.fix}): ${u.outcome.message}\n`);
      return u.outcome.restored ? 0 : 1;
    } finally {
      await open?.close();
    }
  } catch (e) {
    progress.stop();
    if (e instanceof CliRefusal) { process.stderr.write(`modem-doctor undo: ${e.message}\n`); return e.exitCode; }
    if (e instanceof UndoStoreError) { process.stderr.write(`modem-doctor undo: ${e.message}\n`); return e.code === 'bad-id' ? 2 : 1; }
    if (e instanceof FixError) { process.stderr.write(`modem-doctor undo: ${e.message}\n`); return 1; }
    process.stderr.write(`modem-doctor undo: ${(e as Error).message}\n`);
    return 2;
  }
}
