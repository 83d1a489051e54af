// Call end reasons in words for every verbose type, the numbers kept. Names and numbers are
// libqmi's (src/libqmi-glib/qmi-enums-wds.h); the 3GPP ones are the 24.008 session causes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeMessage } from '../../main/qmi/message-codec.ts';
import { WDS } from '../../main/qmi/services/index.ts';
import { decodeOk } from './decode-helpers.ts';

/** A Start Network CALL_FAILED reply carrying verbose reason (type, reason). */
function startFailed(type: number, reason: number): string {
  const v = Buffer.alloc(4);
  v.writeUInt16LE(type, 0);
  v.writeInt16LE(reason, 2);
  return `011f0080010102 0b00 2000 1300 0204000100 0e00 1002000100 110400${v.toString('hex')}`.replace(/\s/g, '');
}

const THREE_GPP: [number, string][] = [
  [8, 'operator-determined-barring'], [26, 'insufficient-resources'], [27, 'unknown-apn'], [28, 'unknown-pdp'],
  [29, 'authentication-failed'], [30, 'ggsn-reject'], [31, 'activation-reject'], [32, 'option-not-supported'],
  [33, 'option-unsubscribed'], [36, 'regular-deactivation'], [38, 'network-failure'], [50, 'ipv4-only-allowed'],
  [51, 'ipv6-only-allowed'], [112, 'apn-type-conflict'],
];

test('3GPP causes by name (8, 26..33, 36, 38, 50, 51, ...), number kept', () => {
  for (const [reason, name] of THREE_GPP) {
    const { message } = decodeOk(startFailed(6, reason));
    assert.deepEqual(message.fields.verboseCallEndReason, { type: '3gpp', reason, name }, `3GPP cause ${reason}`);
  }
});

test('every verbose type names its reasons: mobile IP, internal, call manager, PPP, eHRPD, IPv6', () => {
  const cases: [number, string, number, string][] = [
    [1, 'mip', 67, 'fa-error-mobile-node-authentication-failure'], [1, 'mip', -1, 'error-reason-unknown'],
    [2, 'internal', 208, 'pdn-ipv4-call-disallowed'], [2, 'internal', 220, 'apn-disabled'],
    [3, 'cm', 2001, 'no-service'], [3, 'cm', 1010, 'plmn-not-allowed'], [3, 'cm', 519, 'retry-order'],
    [7, 'ppp', 2, 'authentication-failure'], [7, 'ppp', 32, 'chap-failure'],
    [8, 'ehrpd', 7, 'vsncp-3gpp2-unauthenticated-apn'], [9, 'ipv6', 1, 'prefix-unavailable'],
  ];
  for (const [typeId, type, reason, name] of cases) {
    const { message } = decodeOk(startFailed(typeId, reason));
    assert.deepEqual(message.fields.verboseCallEndReason, { type, reason, name }, `${type} ${reason}`);
  }
});

test('a reason no table names, or an unknown type, keeps its numbers and gets no name', () => {
  assert.deepEqual(decodeOk(startFailed(6, 999)).message.fields.verboseCallEndReason, { type: '3gpp', reason: 999 });
  assert.deepEqual(decodeOk(startFailed(42, 27)).message.fields.verboseCallEndReason, { type: 42, reason: 27 });
});

test('the plain call end reason covers libqmi\'s whole list (GSM/WCDMA 1013 unknown APN)', () => {
  const ind = decodeOk('01 1A 00 80 01 FF 04 00 00 22 00 0E 00 01 02 00 01 00 10 02 00 F5 03 12 01 00 04');
  assert.equal(ind.message.fields.callEndReason, 'gsm-wcdma-unknown-apn');
});

test('encoding takes type and reason; a name that contradicts them is refused', () => {
  const enc = (v: unknown): Buffer => encodeMessage(WDS, WDS.messages.startNetwork, 'response', { verboseCallEndReason: v } as never,
    { clientId: 1, transactionId: 11, result: { error: 'call-failed' } });
  assert.equal(enc({ type: '3gpp', reason: 33 }).toString('hex'), enc({ type: '3gpp', reason: 33, name: 'option-unsubscribed' }).toString('hex'));
  assert.throws(() => enc({ type: '3gpp', reason: 33, name: 'unknown-apn' }), /not the name of 3gpp reason 33/);
});
