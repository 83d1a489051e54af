// Data-session rules: APN missing or refused (with the provider database's suggestion as the
// fix's option), call-failed only for what nothing else explains, the data format with the
// counters' signature, usbnet, autoconnect, implausible settings.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Facts } from '../../../main/doctor/facts.ts';
import { evaluateRules } from '../../../main/doctor/rules/index.ts';
import { PROFILES } from '../../../main/simulator/profiles/index.ts';
import { bareFacts, fact, scenarioFacts, suggestionsFor } from './fixtures.ts';

const EC25 = PROFILES.ec25!;
const ids = (f: Facts) => evaluateRules(f).map((x) => x.id).sort();
const one = (f: Facts, id: string) => evaluateRules(f).find((x) => x.id === id);

test('apn-missing offers set-apn with the database\'s first APN for 222/88, and explains the cause-33 failure', () => {
  const f = scenarioFacts('no-apn', EC25);
  assert.equal(f.connection?.value.lastFailure?.cause3gpp, 33);
  assert.deepEqual(ids(f), ['apn-missing']);
  const m = one(f, 'apn-missing')!;
  assert.equal(m.severity, 'error');
  assert.deepEqual(m.fixes[0]!.options, { profile: '1', apn: 'internet.wind', username: 'Wind' });
  assert.deepEqual(m.evidence.map((e) => e.fact), ['profiles', 'apnSuggestions', 'connection']);
});

test('apn-mismatch: the refused APN against the database, with its suggestion; none while the database is merely stale', () => {
  const f = scenarioFacts('wrong-apn', EC25);
  const m = one(f, 'apn-mismatch')!;
  assert.match(m.title, /web\.example\.com/);
  assert.equal(m.fixes[0]!.options?.apn, 'internet.wind');
  // internet.it is not in Debian's database for 222/88, but the network takes it: no finding.
  const h = scenarioFacts('healthy', EC25);
  assert.equal(h.apnSuggestions?.value.some((s) => s.apn === 'internet.it'), false);
  assert.deepEqual(ids(h), []);
  // No suggestions at all: nothing to compare with.
  delete f.apnSuggestions;
  assert.equal(one(f, 'apn-mismatch'), undefined);
});

test('call-failed: a refusal nothing explains, in words, with the fix its cause needs', () => {
  const f = scenarioFacts('healthy', EC25);
  f.connection = fact({ up: false, lastFailure: { type: '3gpp', reason: 29, cause3gpp: 29, text: 'user authentication failed', apn: 'internet.it' } });
  const c = one(f, 'call-failed')!;
  assert.match(c.title, /user authentication failed/);
  assert.deepEqual(c.fixes[0]!.secrets, ['apn-password']);
  // A stale database APN refused (cause 27): the next suggestion is offered.
  const g = scenarioFacts('healthy', EC25);
  g.profiles!.value.profiles[0]!.apn = 'internet.wind';
  g.connection = fact({ up: false, lastFailure: { type: '3gpp', reason: 27, cause3gpp: 27, text: 'missing or unknown APN', apn: 'internet.wind' } });
  assert.deepEqual(ids(g), ['call-failed']);
  assert.equal(one(g, 'call-failed')!.fixes[0]!.options?.apn, 'internet.wind.biz');
  // The same failure while the SIM is locked: the SIM explains it.
  const h = scenarioFacts('sim-pin', EC25);
  h.connection = fact({ up: false, lastFailure: { type: '3gpp', reason: 38, cause3gpp: 38, text: 'network failure' } });
  assert.deepEqual(ids(h), ['sim-pin-required']);
});

test('data-format-mismatch: WDA raw-ip vs kernel 802.3, the "TX grows, RX 0" counters as extra evidence', () => {
  const f = scenarioFacts('seed', EC25);
  const d = one(f, 'data-format-mismatch')!;
  assert.deepEqual(d.fixes.map((x) => [x.fix, x.options]), [['align-data-format', { linkLayer: 'raw-ip' }]]);
  assert.match(d.explanation, /40 packets sent, none received/);
  assert.ok(d.evidence.some((e) => /TX 40 packets.*RX 0 packets/.test(e.text)));
  // Without counters: the finding stands on the formats alone.
  delete f.dataFormat!.value.counters;
  assert.doesNotMatch(one(f, 'data-format-mismatch')!.explanation, /packets sent/);
  // Only the modem's side known: no guess.
  delete f.dataFormat!.value.kernel;
  assert.equal(one(f, 'data-format-mismatch'), undefined);
});

test('usbnet-mode-wrong offers the vendor\'s QMI composition value', () => {
  for (const [id, p] of Object.entries(PROFILES)) {
    const u = one(scenarioFacts('wrong-usbnet', p), 'usbnet-mode-wrong')!;
    assert.deepEqual(u.fixes[0]!.options, { value: String(p.composition.defaultValue) }, id);
  }
});

test('autoconnect-holds-bearer offers disable-autoconnect; an enabled autoconnect without a held session is no finding', () => {
  const f = scenarioFacts('autoconnect-lock', EC25);
  assert.deepEqual(one(f, 'autoconnect-holds-bearer')!.fixes.map((x) => x.fix), ['disable-autoconnect']);
  f.autoconnect = fact({ setting: 'enabled' as const, bearerHeld: false });
  assert.deepEqual(ids(f), []);
});

test('implausible-settings: the 2018 values as a session would report them; a healthy /30 is fine', () => {
  const f = bareFacts();
  f.connection = fact({ up: true, settings: { ipv4: '0.23.154.198', gateway: '10.23.154.197', subnet: '0.4.33.252', dns: ['0.4.21.25', '0.4.97.25'], mtu: 263644 } });
  const s = one(f, 'implausible-settings')!;
  const fields = (s.values?.implausible as { field: string }[]).map((x) => x.field).sort();
  assert.deepEqual(fields, ['dns', 'dns', 'ipv4', 'mtu', 'subnet']);
  f.connection = fact({ up: true, settings: { ipv4: '10.23.154.198', gateway: '10.23.154.197', subnet: '255.255.255.252', dns: ['10.23.0.1'], mtu: 1500 } });
  assert.deepEqual(ids(f), []);
  // A gateway outside the address's subnet.
  f.connection = fact({ up: true, settings: { ipv4: '10.23.154.198', gateway: '10.99.0.1', subnet: '255.255.255.252' } });
  assert.match(one(f, 'implausible-settings')!.explanation, /outside the address's subnet/);
});

test('the database\'s suggestions for 222/88 are what the fixtures use (Wind: internet.wind, internet.wind.biz)', () => {
  assert.deepEqual(suggestionsFor(222, 88).slice(0, 2).map((s) => s.apn), ['internet.wind', 'internet.wind.biz']);
});
