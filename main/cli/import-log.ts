// `modem-doctor import-log FILE|- [--json]`: findings from a pasted log (uqmi, qmicli, logread,
// dmesg, mmcli, an AT terminal session). The engine reads and judges (main/doctor/log-findings.ts);
// this only reads the file or stdin and prints. Exit 0: no error finding; 1: an error finding;
// 2: usage or I/O error.

import { readFile, stat } from 'node:fs/promises';
import type { Finding } from '../doctor/finding.ts';
import { importLogFindings, type LogNote } from '../doctor/log-findings.ts';
import { LOG_LIMITS } from '../doctor/log-import/log-lines.ts';
import { parseCommandArgs, usageError } from './args.ts';
import { printJson, readStdin } from './json-out.ts';

const USAGE = `Usage: modem-doctor import-log FILE|- [--json]

Reads a log (uqmi or qmicli output, logread / syslog / journalctl, dmesg, mmcli -m N, an AT
terminal session) and says what it shows, with the same findings a diagnosis gives: e.g.
decoder-byte-shift with the true values behind numbers a misaligned decoder printed.
"-" reads standard input. Nothing is sent anywhere; IMEI/IMSI/ICCID-like numbers are masked.

Options:
  --json    print {findings, notes, lineCount, truncated} as JSON
  -h, --help

Exit codes: 0 no error finding, 1 an error finding, 2 usage or I/O error.

Examples:
  modem-doctor import-log uqmi-output.txt
  logread | modem-doctor import-log - --json
`;

const COLOURS = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', off: '\x1b[0m' } as const;

async function readInput(file: string): Promise<string | { error: string }> {
  if (file === '-') {
    const text = await readStdin(LOG_LIMITS.maxBytes);
    return text ?? { error: `standard input is larger than ${LOG_LIMITS.maxBytes} bytes; cut the log to the part around the problem` };
  }
  try {
    const st = await stat(file);
    if (!st.isFile()) return { error: `${file} is not a file` };
    if (st.size > LOG_LIMITS.maxBytes) return { error: `${file} is ${st.size} bytes, more than the ${LOG_LIMITS.maxBytes} import-log reads; cut it to the part around the problem` };
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? `${file}: no such file` : code === 'EACCES' ? `${file}: permission denied` : `${file}: ${(e as Error).message}` };
  }
}

function paint(text: string, severity: keyof typeof COLOURS, colour: boolean): string {
  return colour ? `${COLOURS[severity]}${text}${COLOURS.off}` : text;
}

function printFinding(f: Finding, colour: boolean): string {
  const out = [`${paint(f.severity.toUpperCase().padEnd(7), f.severity, colour)} ${f.id}: ${f.title}`, `  ${f.explanation}`];
  const trueValues = f.values?.trueValues as Record<string, unknown> | undefined;
  if (trueValues && Object.keys(trueValues).length > 0) {
    out.push(`  true values: ${Object.entries(trueValues).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);
  }
  for (const e of f.evidence) for (const l of e.lines ?? []) out.push(`  line ${l.n}: ${l.text.trim()}`);
  for (const x of f.fixes) out.push(`  fix: ${x.label}`);
  return out.join('\n');
}

function printNote(n: LogNote): string {
  return [`note    ${n.id}${n.finding ? ` (${n.finding})` : ''}: ${n.title}`, `  ${n.text}`, ...n.lines.slice(0, 5).map((l) => `  line ${l.n}: ${l.text.trim()}`)].join('\n');
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('import-log', args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length !== 1) return usageError('import-log', parsed.positionals.length === 0 ? 'give a FILE, or - for standard input' : 'give one FILE (or -)', USAGE);
  const input = await readInput(parsed.positionals[0] as string);
  if (typeof input !== 'string') {
    process.stderr.write(`modem-doctor import-log: ${input.error}\n`);
    return 2;
  }
  const r = await importLogFindings(input);
  const code = r.findings.some((f) => f.severity === 'error') ? 1 : 0;
  if (parsed.values.json) {
    printJson({ findings: r.findings, notes: r.notes, lineCount: r.lineCount, truncated: r.truncated }, true);
    return code;
  }
  const colour = process.stdout.isTTY === true;
  const parts = [`${r.lineCount} line${r.lineCount === 1 ? '' : 's'} read${r.truncated ? ' (the rest was cut: too long)' : ''}; ${r.findings.length === 0 ? 'no findings' : `${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}`}`];
  parts.push(...r.findings.map((f) => printFinding(f, colour)));
  if (r.notes.length > 0) parts.push(...r.notes.map(printNote));
  process.stdout.write(`${parts.join('\n\n')}\n`);
  return code;
}
