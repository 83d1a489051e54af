// key=value text to typed request values (`modem-doctor qmi --field`, later the API's input), driven by the message declaration.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldArgError, parseFieldArgs } from '../../main/qmi/field-input.ts';
import { CTL, DMS, WDS } from '../../main/qmi/services/index.ts';
import { encodeTlvs } from '../../main/qmi/message-codec.ts';
import { QmiEncodeError } from '../../main/qmi/codec/errors.ts';

test('typed values: numbers (hex too), enum names, dotted struct members', () => {
  assert.deepEqual(parseFieldArgs(CTL.messages.allocateCid.request, ['service=0x1a']), { service: 26 });
  assert.deepEqual(parseFieldArgs(CTL.messages.releaseCid.request, ['release.service=2', 'release.clientId=5']),
    { release: { service: 2, clientId: 5 } });
  const pin = parseFieldArgs(DMS.messages.uimVerifyPin.request, ['info.pinId=pin1', 'info.pin=1234']);
  assert.deepEqual(pin, { info: { pinId: 'pin1', pin: '1234' } });
});

test('negative hex is a number with its sign (the encoder then judges the range), not NaN or a crash', () => {
  const stop = WDS.messages.stopNetwork.request;
  const values = parseFieldArgs(stop, ['packetDataHandle=-0x1']);
  assert.deepEqual(values, { packetDataHandle: -1 });
  assert.throws(() => encodeTlvs(stop, values, 'WDS Stop Network'), (e: unknown) =>
    e instanceof QmiEncodeError && /expected an integer 0\.\.4294967295/.test(e.message));
  assert.deepEqual(parseFieldArgs(CTL.messages.allocateCid.request, ['service=-0x10']), { service: -16 });
});

test('a PIN the encoder refuses is not quoted in the error', () => {
  assert.throws(() => encodeTlvs(DMS.messages.uimVerifyPin.request, { info: { pinId: 'pin1', pin: 4321 } }, 'DMS UIM Verify PIN'),
    (e: unknown) => e instanceof QmiEncodeError && /secret/.test(e.message) && !e.message.includes('4321'));
});

test('names that are not fields of the request are refused in words, even prototype names', () => {
  for (const bad of ['__proto__=1', 'constructor=1', 'toString=x', 'nosuch=1']) {
    assert.throws(() => parseFieldArgs(CTL.messages.allocateCid.request, [bad]), (e: unknown) =>
      e instanceof FieldArgError && /this request has fields service/.test(e.message));
  }
  assert.throws(() => parseFieldArgs(CTL.messages.releaseCid.request, ['release.__proto__=1']), FieldArgError);
  // The words fit any caller (the command line's --field, the API's input): the field, and what it takes.
  assert.throws(() => parseFieldArgs(CTL.messages.allocateCid.request, ['nosuch=1']), { message: 'field "nosuch": this request has fields service' });
  assert.throws(() => parseFieldArgs(CTL.messages.allocateCid.request, ['service=lots']), { message: 'service: expected a number, got "lots"' });
  assert.throws(() => parseFieldArgs(CTL.messages.allocateCid.request, ['service']), /expected key=value/);
});
