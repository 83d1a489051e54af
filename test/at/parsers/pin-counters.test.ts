// Attempts-left counters of Sierra (AT!CPINC?) and SIMCom (AT+SPIC), reached through the one
// dispatch (parseResponse), and their malformed answers as typed failures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResponse } from '../../../main/at/parsers/index.ts';

test('Sierra !CPINC: PIN1, PIN2, PUK1, PUK2 in that order', () => {
  assert.deepEqual(parseResponse('AT!CPINC?', ['!CPINC: 2,3,10,10']), { ok: true, value: { pin1: 2, pin2: 3, puk1: 10, puk2: 10 } });
  const bad = parseResponse('AT!CPINC?', ['!CPINC: 2,3']);
  assert.equal(bad?.ok, false);
});

test('SIMCom +SPIC: PIN1, PUK1, PIN2, PUK2 in that order', () => {
  assert.deepEqual(parseResponse('AT+SPIC', ['+SPIC: 1,9,3,10']), { ok: true, value: { pin1: 1, puk1: 9, pin2: 3, puk2: 10 } });
  assert.equal(parseResponse('AT+SPIC', ['+SPIC: x,9,3,10'])?.ok, false);
  assert.equal(parseResponse('AT+SPIC', [])?.ok, false);
});
