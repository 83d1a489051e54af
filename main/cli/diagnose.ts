// `modem-doctor diagnose`: what is wrong with a modem and what would fix it. Only parses and
// prints: targets come from discovery (every modem `list` finds, or --device) or from ports given
// by hand; the engine (main/doctor/diagnose.ts) opens, probes, judges and closes.
// IMEI, IMSI and ICCID are masked in everything printed.

import type { UndoRecord } from '../doctor/fix.ts';
import { UndoStore } from '../doctor/undo-store.ts';
import { cutShortOffer, cutShortText } from './cut-short.ts';
import { diagnose, type Diagnosis } from '../doctor/diagnose.ts';
import type { Facts } from '../doctor/facts.ts';
import type { Finding } from '../doctor/finding.ts';
import { maskIdentifiers } from '../doctor/log-import/log-lines.ts';
import type { ModemTarget } from '../doctor/target.ts';
import { targetLabel } from '../doctor/target.ts';
import { parseCommandArgs, usageError } from './args.ts';
import { DEVICE_OPTIONS, namedTargets } from './device-target.ts';
import { CliRefusal } from './fix-io.ts';
import { StderrProgress } from './stderr-progress.ts';
import { toJson } from './json-out.ts';

const USAGE = `Usage: modem-doctor diagnose [--device ID | --qmi PATH --at PATH [--at PATH] [--net IFACE] [--sysfs-root DIR]]
                         [--json] [--proxy]

Reads everything about a modem (device, SIM and PIN, radio, registration, signal, APN profiles,
autoconnect, the data format on both sides, USB mode, who holds its ports, ModemManager) and says
what is wrong, why, and which fix applies (modem-doctor fix FINDING_ID). Without options: every
modem \`modem-doctor list\` finds.

  --device ID        one modem of \`list\`: its USB id (1-1), VID:PID (2c7c:0125) or a port (/dev/cdc-wdm0)
  --qmi PATH         the QMI port, given by hand (/dev/cdc-wdm0, or a virtual modem's PTY)
  --at PATH          an AT port to try, given by hand; repeat for more (the first that answers is used)
  --net IFACE        the modem's network interface (wwan0), for the data format and counters
  --sysfs-root DIR   read the network interface from DIR instead of /sys (a virtual modem's
                     "sysfsRoot"; MODEM_DOCTOR_SYSFS_ROOT does the same)
  --proxy            reach the QMI port through qmi-proxy, alongside ModemManager (needs root)
  --json             one JSON object: {modems: [{target, findings, facts, durationMs}]}, and with
                     one modem also its target, findings and facts at the top; each finding is
                     {id, severity, title, explanation, evidence, fixes}
  -h, --help         this text

IMEI, IMSI and ICCID are masked in the output; PINs and passwords are never read.
Progress goes to stderr when it takes more than a second.

Exit codes: 0 no error finding, 1 at least one error finding, 2 usage error, no modem found, or
ports that cannot be opened at all.

Example:
  $ modem-doctor diagnose --qmi /dev/cdc-wdm0 --at /dev/ttyUSB2 --net wwan0
  Quectel EC25 (2c7c:0125): 3 findings, 2 errors (0.4 s)
    ✗ error    data-format-mismatch  The modem sends raw IP, the kernel expects Ethernet frames
    ...
`;

const OPTIONS = {
  ...DEVICE_OPTIONS,
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

// ------------------------------------------------------------------------------- human output

interface Paint { red: (s: string) => string; yellow: (s: string) => string; cyan: (s: string) => string; green: (s: string) => string; bold: (s: string) => string; dim: (s: string) => string }

function painter(on: boolean): Paint {
  const c = (code: string) => (s: string): string => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { red: c('31'), yellow: c('33'), cyan: c('36'), green: c('32'), bold: c('1'), dim: c('2') };
}

function wrap(text: string, indent: string, width = 96): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) { out.push(indent + line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out.join('\n');
}

function findingText(f: Finding, p: Paint): string {
  const mark = f.severity === 'error' ? p.red('✗ error  ') : f.severity === 'warning' ? p.yellow('! warning') : p.cyan('i info   ');
  const lines = [`  ${mark}  ${p.bold(f.id)}  ${f.title}`, wrap(f.explanation, '             ')];
  for (const e of f.evidence) lines.push(wrap(`evidence: ${e.text}`, '             '));
  for (const x of f.fixes) lines.push(`             ${p.green('fix:')} modem-doctor fix ${f.id}   (${x.label})`);
  return lines.join('\n');
}

function factsLine(f: Facts): string {
  const parts: string[] = [];
  const d = f.device?.value;
  if (d) parts.push(`${[d.manufacturer, d.model].filter(Boolean).join(' ')}${d.revision ? ` firmware ${d.revision}` : ''}`);
  const sim = f.sim?.value;
  if (sim) parts.push(`SIM ${sim.state}${sim.pinLeft !== undefined && sim.state !== 'ready' ? ` (${sim.pinLeft} PIN / ${sim.pukLeft ?? '?'} PUK attempts left)` : ''}${sim.mcc !== undefined ? `, home ${sim.mcc}/${String(sim.mnc).padStart(sim.mncDigits ?? 2, '0')}` : ''}`);
  if (f.radio) parts.push(`radio ${f.radio.value.mode}`);
  const r = f.registration?.value;
  if (r) parts.push(`${r.state}${r.operatorName ? ` on ${r.operatorName}` : ''}${r.mcc !== undefined ? ` ${r.mcc}/${r.mnc}` : ''}${r.rat && r.rat !== 'unknown' ? ` ${r.rat.toUpperCase()}` : ''}`);
  const s = f.signal?.value;
  if (s && s.quality !== 'none') parts.push(`signal ${s.quality}${s.rsrp !== undefined ? ` (RSRP ${s.rsrp} dBm${s.snr !== undefined ? `, SNR ${s.snr} dB` : ''})` : s.rssi !== undefined ? ` (RSSI ${s.rssi} dBm)` : ''}`);
  const prof = f.profiles?.value;
  if (prof) {
    const def = prof.profiles.find((x) => x.index === prof.defaultIndex);
    parts.push(def ? `APN (profile ${def.index}): ${def.apn === '' ? '(none)' : def.apn}` : 'no APN profile');
  }
  const df = f.dataFormat?.value;
  if (df && (df.modem || df.kernel)) parts.push(`data format: modem ${df.modem ?? '?'}, kernel ${df.kernel ?? '?'}${df.iface ? ` (${df.iface})` : ''}`);
  if (f.autoconnect) parts.push(`autoconnect ${f.autoconnect.value.setting}${f.autoconnect.value.bearerHeld ? ', bearer up' : ''}`);
  const reach = f.reach.value;
  const ports = [reach.qmi ? `QMI ${reach.qmi.path}: ${reach.qmi.answer}` : '', ...reach.at.map((a) => `AT ${a.path}: ${a.answer}`)].filter(Boolean);
  if (ports.length) parts.push(ports.join(', '));
  return parts.join(' · ');
}

/** The modem by name: discovery's model, or what it said about itself, beside its port. */
function modemLabel(d: Diagnosis): string {
  if (d.target.usb) return targetLabel(d.target);
  const dev = d.facts.device?.value;
  const name = [dev?.manufacturer, dev?.model].filter(Boolean).join(' ');
  const port = d.target.qmi ?? d.target.at[0] ?? d.target.id;
  return name ? `${name} at ${port}` : port;
}

function humanText(d: Diagnosis, p: Paint): string {
  const errors = d.findings.filter((f) => f.severity === 'error').length;
  const count = d.findings.length === 0 ? p.green('nothing wrong found')
    : `${d.findings.length} finding${d.findings.length === 1 ? '' : 's'}${errors ? `, ${p.red(`${errors} error${errors === 1 ? '' : 's'}`)}` : ''}`;
  const lines = [`${p.bold(modemLabel(d))}: ${count} ${p.dim(`(${(d.durationMs / 1000).toFixed(1)} s)`)}`];
  for (const i of d.interruptions ?? []) lines.push(p.bold(wrap(i, '  ')));
  for (const f of d.findings) lines.push(findingText(f, p));
  lines.push(wrap(factsLine(d.facts), '  '));
  if (d.facts.problems.length) lines.push(p.dim(wrap(`could not read: ${d.facts.problems.map((x) => `${x.probe}: ${x.message}`).join('; ')}`, '  ')));
  return `${lines.join('\n')}\n`;
}

// ------------------------------------------------------------------------------- run

function modemJson(d: Diagnosis): Record<string, unknown> {
  return { target: d.target, label: modemLabel(d), findings: d.findings, facts: d.facts, durationMs: d.durationMs, ...(d.interruptions ? { interruptions: d.interruptions } : {}) };
}

/** Every port named does not exist: nothing was there to diagnose (a typo, an unplugged modem). */
function nothingThere(d: Diagnosis): boolean {
  const r = d.facts.reach.value;
  const answers = [...(r.qmi ? [r.qmi.answer] : []), ...r.at.map((a) => a.answer)];
  return answers.length > 0 && answers.every((a) => a === 'absent');
}

/** Fixes on this modem whose process died while applying (undo records left in 'applying'). */
function cutShortFor(d: Diagnosis): UndoRecord[] {
  const store = new UndoStore();
  const records = store.cutShort();
  if (records.length === 0) return [];
  const imei = d.facts.device?.value.imei;
  const hash = imei ? store.modemIdentity(imei, '', '').imeiHash : undefined;
  return records.filter((r) => (hash !== undefined && r.modem.imeiHash === hash) || r.target?.id === d.target.id);
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('diagnose', args, OPTIONS, USAGE);
  if (typeof parsed === 'number') return parsed;
  const o = parsed.values;
  if (parsed.positionals.length > 0) return usageError('diagnose', `unexpected argument "${parsed.positionals[0]}"`, USAGE);
  let targets: ModemTarget[];
  try {
    targets = await namedTargets(o);
  } catch (e) {
    if (e instanceof CliRefusal) return usageError('diagnose', e.message, USAGE);
    process.stderr.write(`modem-doctor diagnose: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (targets.length === 0) {
    process.stderr.write(`modem-doctor diagnose: ${o.device ? `no modem matches "${o.device}"` : 'no modem found'} (see modem-doctor list)\n`);
    return 2;
  }

  const progress = new StderrProgress();
  let results: Diagnosis[];
  try {
    results = await Promise.all(targets.map((t) => diagnose(t, { onProgress: progress.for(targetLabel(t)) })));
  } catch (e) {
    process.stderr.write(`modem-doctor diagnose: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  } finally {
    progress.stop();
  }

  const cut = results.map(cutShortFor);
  if (o.json) {
    const doc: Record<string, unknown> = { modems: results.map((d, i) => ({ ...modemJson(d), ...(cut[i]!.length ? { cutShort: cut[i]!.map(cutShortOffer) } : {}) })) };
    if (results.length === 1) Object.assign(doc, modemJson(results[0]!));
    process.stdout.write(`${maskIdentifiers(toJson(doc, true))}\n`);
  } else {
    const p = painter(process.stdout.isTTY === true && !process.env.NO_COLOR);
    process.stdout.write(maskIdentifiers(results.map((d, i) => humanText(d, p) + cut[i]!.map((r) =>
      `${p.bold(`  ${r.fix} (${r.actionId}) was cut short while applying (${r.appliedAt}): the change may be half made.`)}\n${cutShortText(r)}\n`).join('')).join('\n')));
  }
  if (results.every(nothingThere)) {
    process.stderr.write('modem-doctor diagnose: none of the ports exist (unplugged? a typo? see modem-doctor list)\n');
    return 2;
  }
  return results.some((d) => d.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}
