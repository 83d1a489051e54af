// APN suggestions from the shipped copy of mobile-broadband-provider-info (Debian 20230416-1):
// the seed network 222/88, MVNOs told apart by GID1 and SPN, unknown networks, and what set-apn
// asks after the network refused an APN.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { BUNDLED_DATABASE, loadProviderIndex } from '../../main/apn/load-database.ts';
import { ApnInputError, nextSuggestion, normalisePlmn, suggestApns } from '../../main/apn/suggest.ts';

const index = await loadProviderIndex({ candidates: [{ path: BUNDLED_DATABASE, kind: 'bundled' }] });
const ranked = (r: ReturnType<typeof suggestApns>) => r.suggestions.map((s) => `${s.rank} ${s.apn} ${s.provider} ${s.usage}`);

test('222/88 (WINDTRE): the two wind data APNs first, MMS last, each with its reasons', () => {
  const r = suggestApns(index, { mcc: '222', mnc: '88' });
  assert.deepEqual(ranked(r), ['1 internet.wind Wind internet', '2 internet.wind.biz Wind internet', '3 mms.wind Wind mms']);
  assert.deepEqual(r.plmn, { mcc: '222', mnc: '88' });
  assert.equal(r.database.kind, 'bundled');
  const [first, second, mms] = r.suggestions;
  assert.match(first!.reasons.join('\n'), /data APN/);
  assert.match(first!.reasons.join('\n'), /only provider/);
  assert.match(first!.reasons.join('\n'), /listed first among Wind's data APNs/);
  assert.equal(first!.label, 'Non-business');
  assert.equal(second!.label, 'Business');
  assert.match(mms!.reasons[0]!, /MMS .* ranked after the data APNs/);
  assert.match(r.summary, /internet\.wind \(Wind\) first/);
  // Numbers work too (QMI NAS gives MCC/MNC as integers).
  assert.deepEqual(ranked(suggestApns(index, { mcc: 222, mnc: 88 })), ranked(r));
});

test('the database password is usable but never serialised or printed', () => {
  const s = suggestApns(index, { mcc: '222', mnc: '88' }).suggestions[0]!;
  assert.equal(s.username, 'Wind');
  assert.equal(s.hasPassword, true);
  assert.equal(s.password, 'Wind');
  assert.equal('password' in JSON.parse(JSON.stringify(s)), false);
  assert.doesNotMatch(inspect(s, { depth: 5 }), /password:/);
  assert.equal('password' in { ...s }, false);
  assert.equal(suggestApns(index, { mcc: '222', mnc: '88' }).suggestions[2]!.hasPassword, false);
});

test('MVNO by GID1: an Asda SIM on 234/15 (Vodafone UK) gets Asda first; a Vodafone SIM gets Vodafone', () => {
  const asda = suggestApns(index, { mcc: '234', mnc: '15', gid1: 'a0ffffffffffffff' });
  assert.equal(asda.suggestions[0]!.apn, 'asdamobiles.co.uk');
  assert.equal(asda.suggestions[0]!.provider, 'Asda Mobile');
  assert.match(asda.suggestions[0]!.reasons.join('\n'), /GID1 A0FFFFFFFFFFFFFF starts with A0, which marks Asda Mobile SIMs/);
  // Every APN of both providers is still shown; Asda's MMS APN goes last, after all data APNs.
  assert.equal(asda.suggestions.length, 6);
  assert.equal(asda.suggestions.at(-1)!.usage, 'mms');

  const plain = suggestApns(index, { mcc: '234', mnc: '15' });
  assert.equal(plain.suggestions[0]!.provider, 'Vodafone');
  assert.equal(plain.suggestions[0]!.apn, 'internet');

  // A GID1 that is not Asda's pushes Asda's data APN behind all of Vodafone's, and says why.
  const voda = suggestApns(index, { mcc: '234', mnc: '15', gid1: 'FF' });
  const dataOrder = voda.suggestions.filter((s) => s.usage === 'internet').map((s) => s.provider);
  assert.deepEqual(dataOrder, ['Vodafone', 'Vodafone', 'Vodafone', 'Vodafone', 'Asda Mobile']);
  assert.match(voda.suggestions.find((s) => s.provider === 'Asda Mobile')!.reasons.join('\n'), /Asda Mobile SIMs carry GID1 A0; this SIM's GID1 is FF/);
});

test('MVNO by SPN: a Superdrug SIM on 234/20 (Three UK) and a Telmore SIM on 238/01 (TDC)', () => {
  const superdrug = suggestApns(index, { mcc: '234', mnc: '20', spn: 'Superdrug' });
  assert.deepEqual(ranked(superdrug), ['1 superdrug.net Superdrug internet', '2 3internet 3 internet', '3 three.co.uk 3 internet', '4 superdrug.net Superdrug mms']);
  assert.match(superdrug.suggestions[0]!.reasons.join('\n'), /service provider name "Superdrug" matches the provider "Superdrug"/);
  assert.equal(suggestApns(index, { mcc: '234', mnc: '20' }).suggestions[0]!.provider, 'Superdrug', 'without an SPN the database order decides');

  const telmore = suggestApns(index, { mcc: '238', mnc: '01', spn: 'TELMORE' });
  assert.equal(telmore.suggestions[0]!.provider, 'Telmore');
  assert.match(telmore.suggestions[0]!.reasons.join('\n'), /"TELMORE" marks Telmore SIMs \(AOSP apns-full-conf\.xml/);
  assert.equal(suggestApns(index, { mcc: '238', mnc: '01' }).suggestions[0]!.provider, 'TDC');
});

test('a primary provider ranks before the MVNOs that share its network', () => {
  const r = suggestApns(index, { mcc: '222', mnc: '99' });
  assert.equal(r.suggestions[0]!.provider, '3');
  assert.match(r.suggestions[0]!.reasons.join('\n'), /network's own provider/);
});

test('an unknown PLMN gives an empty list and says so', () => {
  const r = suggestApns(index, { mcc: '999', mnc: '99' });
  assert.deepEqual(r.suggestions, []);
  assert.match(r.summary, /no entry for MCC 999 MNC 99/);
  assert.match(r.summary, /enter it by hand/);
});

test('MCC/MNC input: numbers are padded, bad values are a typed error', () => {
  assert.deepEqual(normalisePlmn({ mcc: 222, mnc: 88 }), { mcc: '222', mncCandidates: ['88', '088'] });
  assert.deepEqual(normalisePlmn({ mcc: '310', mnc: '410' }), { mcc: '310', mncCandidates: ['410'] });
  assert.equal(suggestApns(index, { mcc: 310, mnc: 410 }).plmn.mnc, '410');
  assert.throws(() => suggestApns(index, { mcc: '22', mnc: '88' }), ApnInputError);
  assert.throws(() => suggestApns(index, { mcc: '222', mnc: 1000 }), /MNC must be 0\.\.999/);
});

test('after the network refuses an APN (cause 27, then 33), set-apn gets the next one, then none', () => {
  const r = suggestApns(index, { mcc: '222', mnc: '88' });
  const one = nextSuggestion(r, [{ apn: 'internet.wind', cause: 27 }]);
  assert.equal(one.next?.apn, 'internet.wind.biz');
  assert.match(one.reason, /internet\.wind was refused \(cause 27: missing or unknown APN\); next: internet\.wind\.biz/);
  // APNs compare case-insensitively; the MMS APN is never offered for data.
  const two = nextSuggestion(r, [{ apn: 'internet.wind', cause: 27 }, { apn: 'INTERNET.WIND.BIZ', cause: 33 }]);
  assert.equal(two.next, undefined);
  assert.match(two.reason, /cause 33: requested service option not subscribed/);
  assert.match(two.reason, /no other data APN .* enter the APN your provider gives/);
  const none = nextSuggestion(suggestApns(index, { mcc: '999', mnc: '99' }), [{ apn: 'internet.it' }]);
  assert.match(none.reason, /lists nothing for this network/);
});
