// `modem-doctor report --out FILE.json|FILE.html`: diagnose one modem and write what was found
// as the report (main/report): JSON following report.schema.json, or the self-contained HTML
// page, with the modem's undo records as its actions. Only parses and prints: the engine
// diagnoses, builds, redacts and renders (the same report the wizard exports). Identities are
// masked unless --no-redact; PINs, PUKs and passwords never appear.

import fs from 'node:fs';
import { report } from '../doctor/default-engine.ts';
import { diagnose } from '../doctor/diagnose.ts';
import { doctorEngine } from '../doctor/engine-doctor.ts';
import { targetLabel } from '../doctor/target.ts';
import { reportFormatOf } from '../report/render.ts';
import { parseCommandArgs, usageError } from './args.ts';
import { DEVICE_OPTIONS, DEVICE_USAGE, oneTarget } from './device-target.ts';
import { CliRefusal } from './fix-io.ts';
import { withProgress } from './progress.ts';

const USAGE = `Usage: modem-doctor report --out FILE.json|FILE.html
                       [--device ID | --qmi PATH --at PATH [--at PATH] [--net IFACE] [--sysfs-root DIR]]
                       [--proxy] [--no-redact]

Diagnoses one modem and writes the report: device, environment (kernel, drivers, ModemManager),
findings with their evidence, facts, signal, and the transcript of every exchange. FILE.json
follows the published JSON Schema (docs/report.md); FILE.html is one self-contained page (no
scripts, nothing loaded from anywhere) to open in a browser or attach to a bug report. Without
device options: the one modem \`modem-doctor list\` finds.

  --out FILE         where to write it; .json or .html decides the format
${DEVICE_USAGE}
  --no-redact        show IMEI, IMSI, ICCID and MSISDN unmasked (the file is then readable by
                     you only); PINs, PUKs and passwords are never in a report
  -h, --help         this text

Exit codes: 0 the report was written (whatever it found), 2 usage error, no modem or several
(name one with --device), or a file that cannot be written.

Example:
  $ modem-doctor report --qmi /dev/cdc-wdm0 --at /dev/ttyUSB2 --out ec25.html
  wrote ec25.html: Quectel EC25 (2c7c:0125), 3 findings (2 errors), 41 exchanges; identities masked
`;

const OPTIONS = {
  out: { type: 'string' },
  ...DEVICE_OPTIONS,
  'no-redact': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('report', args, OPTIONS, USAGE);
  if (typeof parsed === 'number') return parsed;
  const o = parsed.values;
  if (parsed.positionals.length > 0) return usageError('report', `unexpected argument "${parsed.positionals[0]}"`, USAGE);
  if (o.out === undefined) return usageError('report', '--out FILE.json or --out FILE.html is required', USAGE);
  const format = reportFormatOf(o.out);
  if (!format) return usageError('report', `--out ${o.out}: the name must end in .json or .html (that picks the format)`, USAGE);
  let target;
  try {
    target = await oneTarget(o);
  } catch (e) {
    if (e instanceof CliRefusal) return usageError('report', `${e.message}`, USAGE);
    process.stderr.write(`modem-doctor report: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }

  const d = await withProgress(`diagnosing ${targetLabel(target)}`, undefined, diagnose(target));
  // A fix another process is applying right now is not yet an action on this modem: left out, as before.
  const actions = (await doctorEngine().undoRecords(target, d.facts)).filter((r) => !r.applyingElsewhere);
  const redact = !o['no-redact'];
  const text = await report({ target, facts: d.facts, findings: d.findings, actions, transcript: d.transcript, format, showIdentities: !redact });
  try {
    // With identities shown the file is for its owner only; a redacted one may be shared.
    fs.writeFileSync(o.out, text, { mode: redact ? 0o644 : 0o600 });
    if (!redact) fs.chmodSync(o.out, 0o600);
  } catch (e) {
    process.stderr.write(`modem-doctor report: cannot write ${o.out}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const errors = d.findings.filter((f) => f.severity === 'error').length;
  const found = d.findings.length === 0 ? 'nothing wrong found'
    : `${d.findings.length} finding${d.findings.length === 1 ? '' : 's'}${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}`;
  process.stdout.write(`wrote ${o.out}: ${targetLabel(target)}, ${found}, ${d.transcript.length} exchanges; identities ${redact ? 'masked' : 'SHOWN (--no-redact)'}\n`);
  return 0;
}
