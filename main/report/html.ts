// The report as one self-contained HTML page: inline CSS, inline SVG, no script at all, and a
// Content-Security-Policy that forbids loading anything (so even a string that slipped through
// could not fetch or run). Every value from the modem or the system is untrusted text — an
// operator name, an AT reply, a port name — and goes through esc(); nothing is inserted as markup.
// Findings link their evidence to the transcript rows by seq (#x-<seq>). The markup is also
// well-formed XML (void elements self-closed), so tests read it with a real XML parser.

import type { Exchange, QmiDecoded, AtDecoded } from '../evidence/exchange.ts';
import type { Facts, FactName } from '../doctor/facts.ts';
import type { Finding } from '../doctor/finding.ts';
import type { UndoRecord } from '../doctor/fix.ts';
import type { Report } from './model.ts';
import { signalSvg } from './signal-svg.ts';

/** HTML-escapes text for element content and quoted attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff; --line: #d1d9e0; --err: #cf222e; --warn: #9a6700; --info: #0969da; --ok: #1a7f37; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --line: #3d444d; --err: #ff7b72; --warn: #d29922; --info: #58a6ff; --ok: #3fb950; } }
body { font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; padding: 1.5em; max-width: 70em; }
h1 { font-size: 1.5em; margin: 0 0 .2em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid var(--line); }
.muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: .25em .5em; border-bottom: 1px solid var(--line); }
th { font-weight: 600; white-space: nowrap; }
code, .mono { font-family: ui-monospace, monospace; font-size: .9em; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 .5em; border-radius: 1em; color: #fff; font-size: .85em; font-weight: 600; }
.sev-error .badge, .badge.errors { background: var(--err); } .sev-warning .badge, .badge.warnings { background: var(--warn); }
.sev-info .badge { background: var(--info); } .badge.ok { background: var(--ok); }
.finding { border-left: 4px solid var(--line); padding: .2em 1em; margin: 1em 0; }
.finding.sev-error { border-color: var(--err); } .finding.sev-warning { border-color: var(--warn); } .finding.sev-info { border-color: var(--info); }
.finding h3 { margin: .3em 0; font-size: 1.05em; }
a.seq { font-family: ui-monospace, monospace; }
tr:target { outline: 2px solid var(--info); }
.dir-tx td.dir { color: var(--info); } .dir-rx td.dir { color: var(--ok); } .dir-note td.dir { color: var(--warn); }
svg.chart { max-width: 100%; height: auto; font: 11px system-ui, sans-serif; } svg.chart text { fill: var(--muted); } svg.chart .grid { stroke: var(--line); }
details > summary { cursor: pointer; }
`;

const when = (iso: string): string => esc(iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z'));

function seqLinks(seqs: readonly number[]): string {
  if (seqs.length === 0) return '<span class="muted">no exchange</span>';
  return seqs.map((n) => `<a class="seq" href="#x-${Number(n)}">#${Number(n)}</a>`).join(' ');
}

/** A value as rows of "path: value" (objects and arrays flattened), each value escaped. */
function flatRows(value: unknown, prefix = ''): [string, string][] {
  if (value === null || value === undefined) return [[prefix || '(value)', String(value)]];
  if (Array.isArray(value)) {
    if (value.length === 0) return [[prefix || '(value)', '(none)']];
    return value.flatMap((v, i) => flatRows(v, `${prefix}[${i}]`));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return [[prefix || '(value)', '{}']];
    return entries.flatMap(([k, v]) => flatRows(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix || '(value)', String(value)]];
}

function kvTable(rows: [string, string][]): string {
  return `<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

function deviceSection(r: Report): string {
  const d = r.device;
  const rows: [string, string][] = [['Modem', d.label]];
  if (d.manufacturer || d.model) rows.push(['Manufacturer / model', [d.manufacturer, d.model].filter(Boolean).join(' ')]);
  if (d.revision) rows.push(['Firmware', d.revision]);
  if (d.hardwareRevision) rows.push(['Hardware revision', d.hardwareRevision]);
  if (d.imei) rows.push(['IMEI', d.imei]);
  if (d.usb) rows.push(['USB', `${d.usb.vid.toString(16).padStart(4, '0')}:${d.usb.pid.toString(16).padStart(4, '0')}${d.usb.vendorName ? ` (${d.usb.vendorName})` : ''}${d.usb.busPath ? ` at ${d.usb.busPath}` : ''}`]);
  if (d.qmiPort) rows.push(['QMI port', d.qmiPort]);
  if (d.atPorts.length) rows.push(['AT ports', d.atPorts.join(', ')]);
  if (d.netInterface) rows.push(['Network interface', d.netInterface]);
  return `<h2 id="device">Device</h2>${kvTable(rows)}`;
}

function environmentSection(r: Report): string {
  const e = r.environment;
  const mm = e.modemManager.running ? `running${e.modemManager.version ? `, version ${e.modemManager.version}` : ''}`
    : `not running${e.modemManager.problem ? ` (${e.modemManager.problem})` : ''}`;
  const rows: [string, string][] = [
    ['Kernel', `${e.kernel.sysname} ${e.kernel.release} (${e.kernel.machine})`],
    ['Modem drivers', e.drivers.map((d) => `${d.name}: ${d.loaded ? `loaded${d.version ? ` ${d.version}` : ''}` : 'not loaded'}`).join(', ')],
    ['ModemManager', mm],
    ['Modem Doctor', `${e.modemDoctor.version} on Node ${e.node}`],
  ];
  return `<h2 id="environment">Environment</h2>${kvTable(rows)}`;
}

function findingHtml(f: Finding): string {
  const evidence = f.evidence.map((ev) => `<li>${esc(ev.text)} <span class="muted">(${esc(ev.fact)})</span> ${seqLinks(ev.exchanges)}</li>`).join('');
  const fixes = f.fixes.map((x) => `<li><code>${esc(x.fix)}</code>: ${esc(x.label)}${x.needsForce ? ` <span class="muted">(needs --force: ${esc(x.needsForce)})</span>` : ''}</li>`).join('');
  const values = f.values && Object.keys(f.values).length ? `<details><summary>Values</summary>${kvTable(flatRows(f.values))}</details>` : '';
  return `<article class="finding sev-${esc(f.severity)}" id="finding-${esc(f.id)}">`
    + `<h3><span class="badge">${esc(f.severity)}</span> ${esc(f.title)} <code class="muted">${esc(f.id)}</code></h3>`
    + `<p>${esc(f.explanation)}</p>`
    + (evidence ? `<p><strong>Evidence</strong></p><ul>${evidence}</ul>` : '')
    + (fixes ? `<p><strong>Fixes</strong></p><ul>${fixes}</ul>` : '')
    + values + '</article>';
}

function findingsSection(r: Report): string {
  const body = r.findings.length ? r.findings.map(findingHtml).join('') : '<p>No findings: nothing wrong was found.</p>';
  return `<h2 id="findings">Findings</h2>${body}`;
}

const FACT_TITLES: Record<FactName, string> = {
  reach: 'Ports reached', device: 'Device', sim: 'SIM', radio: 'Radio', registration: 'Registration', signal: 'Signal',
  profiles: 'APN profiles', autoconnect: 'Autoconnect', connection: 'Data connection', dataFormat: 'Data format',
  usbMode: 'USB mode', ports: 'Ports', modemManager: 'ModemManager', apnSuggestions: 'APN suggestions', imported: 'From the imported log',
};

function factsSection(facts: Facts | undefined): string {
  if (!facts) return '<h2 id="facts">Facts</h2><p class="muted">No facts (no diagnosis ran).</p>';
  const parts: string[] = [];
  for (const [name, title] of Object.entries(FACT_TITLES) as [FactName, string][]) {
    const f = facts[name];
    if (!f) continue;
    parts.push(`<details open="open" id="fact-${esc(name)}"><summary><strong>${esc(title)}</strong> <span class="muted">via ${esc(f.via)}</span> ${seqLinks(f.evidence)}</summary>${kvTable(flatRows(f.value))}</details>`);
  }
  if (facts.problems.length) {
    parts.push(`<h3>Could not read</h3><ul>${facts.problems.map((p) => `<li><code>${esc(p.probe)}</code>: ${esc(p.message)} ${seqLinks(p.evidence)}</li>`).join('')}</ul>`);
  }
  return `<h2 id="facts">Facts</h2>${parts.join('')}`;
}

function actionsSection(actions: readonly UndoRecord[]): string {
  if (actions.length === 0) return '<h2 id="actions">Actions</h2><p class="muted">Nothing was changed.</p>';
  const rows = actions.map((a) => {
    const changes = a.changes.map((c) => `<li>${esc(c.what)}: <code>${esc(c.from)}</code> → <code>${esc(c.to)}</code></li>`).join('');
    const state = a.undoneAt ? `undone ${when(a.undoneAt)}` : a.irreversible ? `cannot be undone: ${esc(a.irreversible)}` : `undo with <code>modem-doctor undo ${esc(a.actionId)}</code>`;
    return `<tr><td><code>${esc(a.fix)}</code><br/><span class="muted mono">${esc(a.actionId)}</span></td><td>${when(a.appliedAt)}</td>`
      + `<td>${esc(a.modem.label)} <span class="muted">(IMEI ${esc(a.modem.imeiMasked)})</span></td><td><ul>${changes}</ul></td><td>${state}</td></tr>`;
  }).join('');
  return `<h2 id="actions">Actions and undo records</h2><table><tr><th>Fix</th><th>Applied</th><th>Modem</th><th>Changes</th><th>Undo</th></tr>${rows}</table>`;
}

function signalSection(r: Report): string {
  if (r.signal.length === 0) return '<h2 id="signal">Signal over time</h2><p class="muted">No signal readings.</p>';
  const cols = ['rat', 'rssi', 'rsrp', 'rsrq', 'snr'] as const;
  const rows = r.signal.map((s) => `<tr><td>${when(s.time)}</td>${cols.map((c) => `<td>${s[c] === undefined ? '' : esc(String(s[c]))}</td>`).join('')}<td>${s.seq === undefined ? '' : seqLinks([s.seq])}</td></tr>`).join('');
  return `<h2 id="signal">Signal over time</h2>${signalSvg(r.signal, esc)}`
    + `<details><summary>Readings (${r.signal.length})</summary><table><tr><th>Time</th><th>RAT</th><th>RSSI dBm</th><th>RSRP dBm</th><th>RSRQ dB</th><th>SNR dB</th><th>From</th></tr>${rows}</table></details>`;
}

function decodedSummary(x: Exchange): string {
  const d = x.decoded;
  if (!d) return '';
  if ('service' in d) {
    const q = d as QmiDecoded;
    const result = q.result ? (q.result.ok ? ' <span class="muted">ok</span>' : ` <strong>${esc(q.result.error ?? `error ${q.result.code ?? ''}`)}</strong>`) : '';
    const fields = q.fields && Object.keys(q.fields).length ? `<details><summary>fields</summary>${kvTable(flatRows(q.fields))}</details>` : '';
    return `${esc(`${q.service} ${q.message} ${q.kind}`)}${result}${fields}`;
  }
  const a = d as AtDecoded;
  const value = a.value === undefined ? '' : ` <code class="muted">${esc(JSON.stringify(a.value))}</code>`;
  return `${a.command ? `<code>${esc(a.command)}</code>` : ''}${value}`;
}

function transcriptSection(transcript: readonly Exchange[]): string {
  if (transcript.length === 0) return '<h2 id="transcript">Transcript</h2><p class="muted">No exchanges.</p>';
  const rows = transcript.map((x) => `<tr id="x-${Number(x.seq)}" class="dir-${esc(x.direction)}">`
    + `<td class="mono">#${Number(x.seq)}</td><td class="mono">${esc(x.time.slice(11, 23))}</td><td class="mono">${esc(x.port)}</td>`
    + `<td class="dir">${esc(x.protocol)} ${esc(x.direction)}</td><td class="mono">${esc(x.raw)}</td>`
    + `<td>${decodedSummary(x)}${x.error ? `<br/><strong>${esc(x.error)}</strong>` : ''}${x.redacted?.length ? `<br/><span class="muted">masked: ${esc(x.redacted.join(', '))}</span>` : ''}</td></tr>`).join('');
  return `<h2 id="transcript">Transcript</h2><details open="open"><summary>${transcript.length} exchanges (QMI frames as hex, AT as text)</summary>`
    + `<table><tr><th>#</th><th>Time</th><th>Port</th><th>What</th><th>Raw</th><th>Decoded</th></tr>${rows}</table></details>`;
}

/** The whole page. */
export function reportHtml(r: Report): string {
  const s = r.summary;
  const verdict = s.verdict === 'ok' ? 'no problems found' : `${s.errors} error(s), ${s.warnings} warning(s)`;
  const redaction = r.redaction.identities === 'masked'
    ? 'IMEI, IMSI, ICCID and MSISDN are masked; PINs, PUKs and passwords are never included.'
    : 'Identities are shown unmasked (--no-redact): share this file with care. PINs, PUKs and passwords are never included.';
  return '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>'
    + `<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}"/>`
    + '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
    + `<title>${esc(`Modem Doctor report: ${r.device.label}`)}</title><style>${CSS}</style></head><body>`
    + `<h1>Modem Doctor report: ${esc(r.device.label)}</h1>`
    + `<p><span class="badge ${esc(s.verdict)}">${esc(verdict)}</span> <span class="muted">made ${when(r.generatedAt)} by modem-doctor ${esc(r.generator.version)}; schema ${esc(r.schemaVersion)}</span></p>`
    + `<p class="muted">${esc(redaction)}</p>`
    + '<nav><a href="#findings">Findings</a> · <a href="#device">Device</a> · <a href="#environment">Environment</a> · <a href="#signal">Signal</a> · <a href="#facts">Facts</a> · <a href="#actions">Actions</a> · <a href="#transcript">Transcript</a></nav>'
    + findingsSection(r) + deviceSection(r) + environmentSection(r) + signalSection(r) + factsSection(r.facts)
    + actionsSection(r.actions) + transcriptSection(r.transcript)
    + '</body></html>\n';
}
