// `modem-doctor connect [--keep] [--json] [device options]`: the connect test on its own: start a
// data session, read back what the network gave, judge it, try the data path where the modem's
// interface is here and we are root (DHCP lease, gateway ping, DNS), and stop it again unless --keep.

import { connectTarget } from '../doctor/connect-target.ts';
import { diagnose } from '../doctor/diagnose.ts';
import { runFix } from '../doctor/run-fix.ts';
import { targetLabel } from '../doctor/target.ts';
import { parseCommandArgs, usageError } from './args.ts';
import { DEVICE_OPTIONS, DEVICE_USAGE, oneTarget } from './device-target.ts';
import { CliRefusal } from './fix-io.ts';
import { StderrProgress } from './stderr-progress.ts';
import { toJson } from './json-out.ts';

const USAGE = `Usage: modem-doctor connect [--keep] [--profile N] [--json] [device options]

Starts a data session with the modem's profile, reads back the address, gateway, DNS and MTU the
network gave, says whether they can be right, and stops the session again (unless --keep).
Run as root with the modem's network interface present (--net, or found), it also asks for a
DHCP lease there with busybox udhcpc, pings the gateway and looks a name up through the
session's DNS; with no lease it tells from the interface's counters whether the modem drops what
the kernel sends. The lease's address is taken off the interface afterwards (unless --keep).

  --keep             leave the session (and the lease's address) up afterwards
  --profile N        the profile to use (default: the modem's default, 1)
  --json             the result as one JSON object
${DEVICE_USAGE}
  -h, --help         this text

Exit codes: 0 connected with plausible settings (and, where tried, a lease, a gateway that
answers and DNS that answers), 1 not connected, implausible settings or a data path that fails,
2 usage error or a modem that cannot be reached.

Example:
  modem-doctor connect --qmi /dev/cdc-wdm0 --at /dev/ttyUSB2
`;

const OPTIONS = {
  ...DEVICE_OPTIONS,
  keep: { type: 'boolean', default: false },
  profile: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('connect', args, OPTIONS, USAGE);
  if (typeof parsed === 'number') return parsed;
  const { values: v, positionals } = parsed;
  if (positionals.length) return usageError('connect', `unexpected ${positionals.join(' ')}`, USAGE);
  const progress = new StderrProgress();
  try {
    const target = await oneTarget(v);
    progress.update({ step: `diagnosing ${targetLabel(target)}` });
    const diag = await diagnose(target, { onProgress: progress.update });
    const open = await connectTarget(target);
    let r;
    try {
      r = await runFix({
        fix: 'connect-test', open, facts: diag.facts, progress: progress.update,
        options: { ...(v.keep ? { keep: 'yes' } : {}), ...(v.profile ? { profile: v.profile } : {}) },
        secrets: async () => { throw new CliRefusal('the connect test needs no secret'); },
        // Asking for the test is the consent: it changes nothing that stays (unless --keep, asked for too).
        consent: async () => true,
      });
    } finally {
      await open.close();
    }
    progress.stop();
    const o = r.outcome ?? {};
    if (v.json) process.stdout.write(`${toJson({ target: targetLabel(target), status: r.status, plan: r.plan, ...o, ...(r.error ? { error: r.error } : {}) }, true)}\n`);
    else process.stdout.write(`${r.status === 'refused' ? `Not started: ${r.plan.refusal?.message}` : r.status === 'failed' ? `Failed: ${r.error}` : String(o.message ?? '')}\n`);
    const verdict = o.verdict as { ok?: boolean } | undefined;
    const dataPath = o.dataPath as { ok: boolean; skipped?: string } | undefined;
    const pathOk = !dataPath || dataPath.skipped !== undefined || dataPath.ok;
    return r.status === 'applied' && o.connected === true && verdict?.ok === true && pathOk ? 0 : 1;
  } catch (e) {
    progress.stop();
    if (e instanceof CliRefusal) { process.stderr.write(`modem-doctor connect: ${e.message}\n`); return e.exitCode; }
    process.stderr.write(`modem-doctor connect: ${(e as Error).message}\n`);
    return 2;
  }
}
