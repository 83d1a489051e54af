// UIM PIN and card status, hand-built from libqmi data/qmi-service-uim.json layouts (session `01 02
// 00 00 00`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeOk, reencode } from './decode-helpers.ts';
import { UIM } from '../../main/qmi/services/index.ts';
import { encodeMessage, redactedHex, redactedFields } from '../../main/qmi/message-codec.ts';

test('UIM Verify PIN request: session, PIN1 "1234"; secret never in redacted hex or fields', () => {
  const hex = '01 1A 00 00 0B 01 00 03 00 26 00 0E 00 01 02 00 00 00 02 06 00 01 04 31 32 33 34';
  const { frame, message } = decodeOk(hex);
  assert.deepEqual(message.fields, {
    session: { sessionType: 'primary-gw-provisioning', applicationIdentifier: '' },
    info: { pinId: 'pin1', pin: '1234' },
  });
  assert.equal(reencode(frame, message), hex.replace(/\s/g, '').toLowerCase());
  assert.ok(!redactedHex(frame).includes('31323334'));
  assert.equal(redactedFields(message).info, '[secret]');
});

test('UIM Verify PIN wrong PIN: incorrect-pin with 2 attempts left', () => {
  const hex = '01 18 00 80 0B 01 02 03 00 26 00 0C 00 02 04 00 01 00 0C 00 10 02 00 02 0A';
  const { message } = decodeOk(hex);
  assert.equal(message.result?.errorName, 'incorrect-pin');
  assert.deepEqual(message.fields.retriesRemaining, { verifyRetriesLeft: 2, unblockRetriesLeft: 10 });
});

test('UIM Unblock PIN request carries PUK and new PIN in one secret TLV', () => {
  const bytes = encodeMessage(UIM, UIM.messages.unblockPin, 'request', {
    session: { sessionType: 'primary-gw-provisioning', applicationIdentifier: '' },
    info: { pinId: 'pin1', puk: '12345678', newPin: '0000' },
  }, { clientId: 1, transactionId: 4 });
  const { frame, message } = decodeOk(bytes.toString('hex'));
  assert.equal(frame.tlvs.find((t) => t.type === 0x02)?.value.toString('hex'), '0108' + Buffer.from('12345678').toString('hex') + '04' + Buffer.from('0000').toString('hex'));
  assert.deepEqual(message.fields.info, { pinId: 'pin1', puk: '12345678', newPin: '0000' });
  assert.ok(!redactedHex(frame).includes(Buffer.from('12345678').toString('hex')));
});

test('UIM Get Card Status: one present card, USIM waiting for PIN1 with 3 tries', () => {
  const app = '02 02 00 00 00 00 03 A0 00 87 00 01 03 0A 01 03 0A';
  const card = `01 00 00 00 00 01 ${app}`;
  const body = `00 00 FF FF FF FF FF FF 01 ${card}`;
  const n = body.split(' ').length;
  const tl = 7 + 3 + n;
  const hex = `01 ${(tl + 12).toString(16).padStart(2, '0')} 00 80 0B 01 02 05 00 2F 00 ${tl.toString(16).padStart(2, '0')} 00 02 04 00 00 00 00 00 10 ${n.toString(16).padStart(2, '0')} 00 ${body}`;
  const { frame, message } = decodeOk(hex);
  const status = message.fields.cardStatus as { indexGwPrimary: number; cards: { cardState: string; applications: Record<string, unknown>[] }[] };
  assert.equal(status.indexGwPrimary, 0);
  assert.equal(status.cards.length, 1);
  assert.equal(status.cards[0]!.cardState, 'present');
  const a = status.cards[0]!.applications[0]!;
  assert.equal(a.type, 'usim');
  assert.equal(a.state, 'pin1-or-upin-pin-required');
  assert.equal(a.applicationIdentifier, 'a00087');
  assert.equal(a.pin1State, 'enabled-not-verified');
  assert.equal(a.pin1Retries, 3);
  assert.equal(a.puk1Retries, 10);
  assert.deepEqual(message.tlvErrors, []);
  assert.equal(reencode(frame, message), hex.replace(/\s/g, '').toLowerCase());
});
