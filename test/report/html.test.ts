// The HTML report, read back with a real (XML) parser: self-contained (no script, no external
// resource, a CSP that forbids loading anything), every untrusted string rendered as text, the
// findings' evidence linking to transcript rows that exist, signal drawn as inline SVG.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { buildReport } from '../../main/report/model.ts';
import { reportHtml } from '../../main/report/html.ts';
import { fullInput } from './fixtures.ts';

interface Element { name: string; attributes: Record<string, string>; text: string }

/** Every element with its attributes and its own text, in document order. */
function parse(html: string): Element[] {
  const out: Element[] = [];
  const open: Element[] = [];
  const p = new SaxesParser();
  p.on('opentag', (t: SaxesTagPlain) => {
    const el: Element = { name: t.name, attributes: { ...t.attributes } as Record<string, string>, text: '' };
    out.push(el);
    if (!t.isSelfClosing) open.push(el);
  });
  p.on('text', (s) => { const cur = open[open.length - 1]; if (cur) cur.text += s; });
  p.on('closetag', () => { open.pop(); });
  p.write(html.replace(/^<!DOCTYPE html>\n/, '')).close();
  return out;
}

const HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';

function hostileReport(): string {
  const input = fullInput();
  const facts = input.facts!;
  facts.registration!.value.operatorName = HOSTILE;
  input.findings![1]!.title = `Weak signal on ${HOSTILE}`;
  input.transcript = [...input.transcript!, { seq: 9, time: '2026-12-01T23:15:03.000Z', port: '/dev/ttyUSB2" onmouseover="x', protocol: 'at', direction: 'rx', raw: `+COPS: 0,0,"${HOSTILE}",7` }];
  return reportHtml(buildReport(input));
}

test('self-contained: no script, no external resource, a CSP that loads nothing', () => {
  const els = parse(hostileReport());
  const names = new Set(els.map((e) => e.name));
  for (const banned of ['script', 'link', 'iframe', 'img', 'object', 'embed', 'base', 'form', 'input']) assert.ok(!names.has(banned), `no <${banned}>`);
  for (const e of els) {
    for (const [k, v] of Object.entries(e.attributes)) {
      assert.ok(!/^on/i.test(k), `no event handler attribute (${e.name} ${k})`);
      if (k === 'href') assert.match(v, /^#[\w-]+$/, 'links stay in the page');
      assert.ok(k !== 'src', 'nothing loaded');
    }
  }
  const csp = els.find((e) => e.name === 'meta' && e.attributes['http-equiv'] === 'Content-Security-Policy');
  assert.match(csp?.attributes.content ?? '', /default-src 'none'/);
  assert.ok(!/url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/.test(els.find((e) => e.name === 'style')?.text ?? 'x'), 'the CSS fetches nothing');
});

test('a modem\'s strings are text: an operator name "<script>…" shows as itself', () => {
  const els = parse(hostileReport());
  const cells = els.filter((e) => e.text.includes(HOSTILE));
  assert.ok(cells.some((e) => e.name === 'td'), 'the operator fact shows the name verbatim, as text');
  assert.ok(els.some((e) => e.name === 'h3' && e.text.includes('Weak signal on')), 'the finding title holds it as text');
  assert.ok(els.some((e) => e.name === 'td' && e.text === '/dev/ttyUSB2" onmouseover="x'), 'a port name cannot open an attribute');
});

test('findings: severity-coloured, evidence linked to transcript rows that exist', () => {
  const els = parse(reportHtml(buildReport(fullInput())));
  const ids = new Set(els.map((e) => e.attributes.id).filter(Boolean));
  const findings = els.filter((e) => e.name === 'article');
  assert.deepEqual(findings.map((f) => f.attributes.class), ['finding sev-error', 'finding sev-warning', 'finding sev-info']);
  const links = els.filter((e) => e.name === 'a' && e.attributes.href?.startsWith('#x-')).map((e) => e.attributes.href!.slice(1));
  assert.ok(links.length >= 5);
  for (const l of links) assert.ok(ids.has(l), `${l} points at a transcript row`);
  assert.ok(els.some((e) => e.name === 'tr' && e.attributes.id === 'x-8'));
});

test('signal over time as inline SVG: one point per reading, each with its value', () => {
  const report = buildReport(fullInput());
  const els = parse(reportHtml(report));
  const circles = els.filter((e) => e.name === 'circle');
  const values = report.signal.flatMap((s) => (['rssi', 'rsrp', 'rsrq', 'snr'] as const).filter((k) => s[k] !== undefined));
  assert.equal(circles.length, values.length);
  assert.ok(els.some((e) => e.name === 'title' && /RSRP -101 dBm at .* \(exchange #7\)/.test(e.text)));
  assert.equal(els.filter((e) => e.name === 'svg').length, 2, 'levels (dBm) and ratios (dB)');
});

test('facts, actions and undo records, the environment and the transcript are all on the page', () => {
  const html = reportHtml(buildReport(fullInput()));
  for (const s of ['id="fact-dataFormat"', 'APN of profile 1', 'modem-doctor undo 20261201T231500Z-set-apn-3f9a', '6.1.0-28-amd64', 'ModemManager', 'qmi_wwan: loaded', 'id="transcript"', 'AT+CPIN=&quot;****&quot;', 'no answer within 2000 ms']) {
    assert.ok(html.includes(s), s);
  }
});
