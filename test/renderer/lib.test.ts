// The wizard's small display and link helpers: the token read from the served URL, identities
// masked to their last four digits, secrets checked for shape before they are sent.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenFromLocation } from '../../renderer/src/lib/token.ts';
import { masked } from '../../renderer/src/lib/format.ts';
import { secretProblem } from '../../renderer/src/lib/fixes.ts';
import { bandOf } from '../../renderer/src/lib/quality.ts';
import { MIN_WINDOW_S, timeWindow } from '../../renderer/src/lib/time-window.ts';

test('the token comes from ?token= or #token=, and none is none', () => {
  assert.equal(tokenFromLocation({ search: '?token=abc-DEF_1', hash: '' }), 'abc-DEF_1');
  assert.equal(tokenFromLocation({ search: '', hash: '#token=xyz' }), 'xyz');
  assert.equal(tokenFromLocation({ search: '?other=1', hash: '' }), null);
  assert.equal(tokenFromLocation({ search: '?token=', hash: '' }), null);
});

test('identities show their last four digits unless the user asks', () => {
  assert.equal(masked('222880123456789', false), '•••••••••••6789');
  assert.equal(masked('222880123456789', true), '222880123456789');
  assert.equal(masked(undefined, false), '—');
});

test('PIN 4 to 8 digits, PUK 8 digits, an APN password not empty; the message never repeats the value', () => {
  assert.equal(secretProblem('pin', '1234'), null);
  assert.match(secretProblem('pin', '12a4') ?? '', /4 to 8 digits/);
  assert.match(secretProblem('puk', '1234567') ?? '', /8 digits/);
  assert.equal(secretProblem('puk', '12345678'), null);
  assert.match(secretProblem('apn-password', '') ?? '', /password/);
  assert.ok(!(secretProblem('pin', '98') ?? '').includes('98'));
});

test('RSRP bands as the doctor judges LTE: -85 excellent, -95 good, -110 fair, below poor', () => {
  assert.deepEqual([-80, -85, -90, -100, -110, -121].map(bandOf), ['excellent', 'excellent', 'good', 'fair', 'fair', 'poor']);
});

test('the signal chart spans at least a minute ending at the newest reading, so one reading is not drawn on years of axis', () => {
  const t = 1796190600;
  assert.deepEqual(timeWindow(t, t), [t - MIN_WINDOW_S, t], 'one reading: the minute before it');
  assert.deepEqual(timeWindow(t - 5, t), [t - MIN_WINDOW_S, t], 'a few seconds of readings: still a minute');
  assert.deepEqual(timeWindow(t - 600, t), [t - 600, t], 'ten minutes of readings: all of them');
  assert.equal(timeWindow(null, null), null, 'no readings: uPlot decides');
});
