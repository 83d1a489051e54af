// The one dispatcher every door uses: malformed and unknown input is refused with a code, the
// field and words a person can act on; nothing reaches the session unchecked; a secret is never
// repeated back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDispatcher } from '../../main/api/dispatcher.ts';
import { LIMITS } from '../../main/api/validate.ts';
import { Session } from '../../main/doctor/session.ts';
import { TestEngine } from '../doctor/session-fixture.ts';

async function dispatcher() {
  const engine = new TestEngine();
  const session = new Session(engine, { presenceIntervalMs: 0 });
  await session.start();
  return { d: createDispatcher(session), session, engine };
}

const refusals: [string, unknown, string, string | undefined][] = [
  ['not an object', 'diagnose', 'invalid-input', ''],
  ['null', null, 'invalid-input', ''],
  ['a list', [{ type: 'diagnose' }], 'invalid-input', ''],
  ['no type', {}, 'invalid-input', 'type'],
  ['type not text', { type: 7 }, 'invalid-input', 'type'],
  ['unknown intent', { type: 'format-disk' }, 'unknown-intent', 'type'],
  ['unknown key', { type: 'diagnose', force: true }, 'invalid-input', 'force'],
  ['__proto__ key', JSON.parse('{"type":"diagnose","__proto__":{"x":1}}'), 'invalid-input', '__proto__'],
  ['missing field', { type: 'select-modem' }, 'invalid-input', 'modemId'],
  ['wrong type', { type: 'select-modem', modemId: 12 }, 'invalid-input', 'modemId'],
  ['empty id', { type: 'select-modem', modemId: '' }, 'invalid-input', 'modemId'],
  ['overlong id', { type: 'select-modem', modemId: 'x'.repeat(LIMITS.id + 1) }, 'invalid-input', 'modemId'],
  ['control characters', { type: 'undo', actionId: 'a\nb' }, 'invalid-input', 'actionId'],
  ['unknown fix', { type: 'plan-fix', fix: 'flash-firmware' }, 'invalid-input', 'fix'],
  ['unknown finding', { type: 'plan-fix', fix: 'set-apn', finding: 'bad' }, 'invalid-input', 'finding'],
  ['force not boolean', { type: 'plan-fix', fix: 'set-apn', force: 'yes' }, 'invalid-input', 'force'],
  ['options a list', { type: 'plan-fix', fix: 'set-apn', options: ['apn'] }, 'invalid-input', 'options'],
  ['option value a number', { type: 'plan-fix', fix: 'set-apn', options: { apn: 5 } }, 'invalid-input', 'options.apn'],
  ['option value overlong', { type: 'plan-fix', fix: 'set-apn', options: { apn: 'a'.repeat(LIMITS.optionValue + 1) } }, 'invalid-input', 'options.apn'],
  ['option value two lines', { type: 'plan-fix', fix: 'set-apn', options: { apn: 'a\r\nAT+CFUN=0' } }, 'invalid-input', 'options.apn'],
  ['option name odd', { type: 'plan-fix', fix: 'set-apn', options: { 'APN name': 'x' } }, 'invalid-input', 'options'],
  ['too many options', { type: 'plan-fix', fix: 'set-apn', options: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, 'invalid-input', 'options'],
  ['unknown secret', { type: 'apply-fix', fix: 'unlock-sim', secrets: { password: '1234' } }, 'invalid-input', 'secrets'],
  ['PIN not digits', { type: 'apply-fix', fix: 'unlock-sim', secrets: { pin: '12a4' } }, 'invalid-input', 'secrets.pin'],
  ['PUK too short', { type: 'apply-fix', fix: 'unlock-sim', secrets: { puk: '1234' } }, 'invalid-input', 'secrets.puk'],
  ['bad format', { type: 'export-report', format: 'pdf' }, 'invalid-input', 'format'],
  ['keep not boolean', { type: 'connect-test', keep: 1 }, 'invalid-input', 'keep'],
  ['log not text', { type: 'import-log', text: { lines: [] } }, 'invalid-input', 'text'],
  ['log empty', { type: 'import-log', text: '' }, 'invalid-input', 'text'],
  ['log too long', { type: 'import-log', text: 'x'.repeat(LIMITS.logText + 1) }, 'invalid-input', 'text'],
  ['scenario odd', { type: 'start-virtual-modem', scenario: '../../etc' }, 'invalid-input', 'scenario'],
];

test('malformed and unknown intents are refused with a code, the field and a message; the session is untouched', async () => {
  const { d, session } = await dispatcher();
  const before = session.state().version;
  for (const [what, input, code, field] of refusals) {
    const r = await d.dispatch(input);
    assert.equal(r.ok, false, what);
    if (r.ok) continue;
    assert.equal(r.error.code, code, what);
    assert.equal(r.error.field ?? '', field ?? '', what);
    assert.ok(r.error.message.length > 10 && r.error.message.length < 400, `${what}: ${r.error.message}`);
  }
  assert.equal(session.state().version, before, 'a refused intent changed nothing');
  await session.dispose();
});

test('a refused secret is never repeated in the refusal', async () => {
  const { d, session } = await dispatcher();
  const r = await d.dispatch({ type: 'apply-fix', fix: 'unlock-sim', secrets: { pin: '98765x' } });
  assert.equal(r.ok, false);
  assert.ok(!JSON.stringify(r).includes('98765'));
  await session.dispose();
});

test('good intents reach the session; its refusals come back with their own code', async () => {
  const { d, session } = await dispatcher();
  const st = await d.dispatch({ type: 'get-state' });
  assert.ok(st.ok && (st.result as { selected: string }).selected === '1-1');
  const early = await d.dispatch({ type: 'apply-fix', fix: 'set-apn' });
  assert.ok(!early.ok && early.error.code === 'refused' && /Diagnose the modem first/.test(early.error.message));
  const diag = await d.dispatch({ type: 'diagnose' });
  assert.ok(diag.ok);
  const plan = await d.dispatch({ type: 'plan-fix', fix: 'set-apn', finding: 'apn-missing', options: { apn: 'internet.it' } });
  assert.ok(plan.ok);
  assert.deepEqual(session.state().plan?.plan.changes, [{ what: 'APN of profile 1', from: '(none)', to: 'internet.it' }]);
  // The rules offer camelCase option names (align-data-format's linkLayer): they get through.
  const format = await d.dispatch({ type: 'plan-fix', fix: 'align-data-format', finding: 'data-format-mismatch', options: { linkLayer: 'raw-ip' } });
  assert.ok(format.ok || format.error.code !== 'invalid-input', JSON.stringify(format));
  const noVirtual = await d.dispatch({ type: 'start-virtual-modem' });
  assert.ok(!noVirtual.ok && noVirtual.error.code === 'unavailable');
  await session.dispose();
});

test('an engine failure comes back as failed, with its words and no stack', async () => {
  const { d, session, engine } = await dispatcher();
  engine.diagnose = async () => { throw new TypeError('boom'); };
  const r = await d.dispatch({ type: 'diagnose' });
  // The session turns any engine failure into its own error: 'failed', with the message.
  assert.ok(!r.ok && r.error.code === 'failed' && r.error.message === 'boom');
  assert.ok(!JSON.stringify(r).includes('at '));
  await session.dispose();
});
