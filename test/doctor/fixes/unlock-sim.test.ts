// unlock-sim against the virtual modem: PIN, PUK + new PIN, over QMI and over AT; tried once and
// never again; the last attempt only with --force; the secrets in no record, log or message.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SecretKind } from '../../../main/doctor/finding.ts';
import { runFix, undoAction } from '../../../main/doctor/run-fix.ts';
import type { Simulator } from '../../../main/simulator/simulator.ts';
import { factsOf, restartDuring, withOpenModem, type Opened } from './support.ts';

const yes = async (): Promise<boolean> => true;
// Distinctive values, so a leak cannot hide among other digits.
const PIN = '7395';
const PUK = '80417263';
const NEW_PIN = '6048';
const hexOf = (s: string): string => Buffer.from(s, 'ascii').toString('hex');

function cardWith(sim: Simulator): void {
  sim.model.state.sim.pin = PIN;
  sim.model.state.sim.puk = PUK;
}

function secretsFrom(values: Partial<Record<SecretKind, string>>, asked: SecretKind[]) {
  return async (k: SecretKind): Promise<string> => {
    asked.push(k);
    const v = values[k];
    if (v === undefined) throw new Error(`asked for ${k}`);
    return v;
  };
}

/** Nothing the user could see or keep holds a secret: the log, the record files, the result. */
function assertNoSecrets(o: Opened, result: unknown, secrets: string[]): void {
  const texts = [JSON.stringify(o.open.log.all()), JSON.stringify(result), ...o.store.list().map((r) => JSON.stringify(r))];
  for (const t of texts) {
    for (const s of secrets) {
      assert.ok(!t.includes(s), `"${s}" leaked: ${t.slice(Math.max(0, t.indexOf(s) - 80), t.indexOf(s) + 40)}`);
      assert.ok(!t.includes(hexOf(s)), `"${s}" leaked as hex`);
    }
  }
}

for (const use of [{ qmi: true, at: true }, { qmi: false, at: true }] as const) {
  const via = use.qmi ? 'QMI UIM' : 'AT+CPIN';
  test(`unlock-sim (${via}): the PIN unlocks the SIM, the modem registers, the record says it cannot be undone`, async () => {
    await withOpenModem('ec25', 'sim-pin', async (o) => {
      cardWith(o.sim);
      const asked: SecretKind[] = [];
      const r = await runFix({ fix: 'unlock-sim', finding: 'sim-pin-required', open: o.open, facts: factsOf(o.sim), secrets: secretsFrom({ pin: PIN }, asked), consent: yes, store: o.store });
      assert.equal(r.status, 'applied', r.error);
      assert.deepEqual(asked, ['pin']);
      assert.equal(o.sim.model.state.sim.pinState, 'ready');
      assert.equal(o.sim.model.registered, true);
      const rec = o.store.load(r.undo!.actionId);
      assert.match(rec.irreversible ?? '', /neither can be undone/);
      const u = await undoAction({ record: rec, open: o.open, store: o.store });
      assert.equal(u.outcome.restored, false);
      assert.equal(o.sim.model.state.sim.pinState, 'ready');
      assertNoSecrets(o, r, [PIN]);
    }, use);
  });
}

test('the modem restarts (RDY) while AT+CPIN is in flight: the PIN is not sent again (a try may have cost an attempt)', async () => {
  await withOpenModem('ec25', 'sim-pin', async (o) => {
    cardWith(o.sim);
    const running = runFix({ fix: 'unlock-sim', finding: 'sim-pin-required', open: o.open, facts: factsOf(o.sim), secrets: secretsFrom({ pin: PIN }, []), consent: yes, store: o.store });
    await restartDuring(o, /^AT\+CPIN=/);
    const r = await running;
    assert.equal(r.status, 'failed');
    assert.match(r.error ?? '', /AT\+CPIN got no usable answer \(the modem restarted/);
    const sent = o.open.log.all().filter((e) => e.protocol === 'at' && e.direction === 'tx' && /AT\+CPIN=/.test(e.raw));
    assert.equal(sent.length, 1, 'one try, never a second');
    assertNoSecrets(o, r, [PIN]);
  }, { qmi: false, at: true }, { latency: { at: 300 } });
});

test('a wrong PIN is tried once: one attempt spent, no retry, the message says what is left and not the PIN', async () => {
  await withOpenModem('mc7455', 'sim-pin', async (o) => {
    cardWith(o.sim);
    const asked: SecretKind[] = [];
    const r = await runFix({ fix: 'unlock-sim', open: o.open, facts: factsOf(o.sim), secrets: secretsFrom({ pin: '1111' }, asked), consent: yes, store: o.store });
    assert.equal(r.status, 'failed');
    assert.deepEqual(asked, ['pin']);
    assert.equal(o.sim.model.state.sim.pinLeft, 2);
    assert.match(r.error!, /refused the PIN: it is wrong\. It was not tried again\. 2 PIN attempts left/);
    assert.equal(o.store.load(o.store.list()[0]!.actionId).status, 'failed');
    assertNoSecrets(o, r, ['1111']);
  });
});

test('one PIN attempt left: refused without --force, nothing sent; with --force it is spent', async () => {
  await withOpenModem('ec25', 'sim-pin', async (o) => {
    cardWith(o.sim);
    o.sim.model.state.sim.pinLeft = 1;
    const asked: SecretKind[] = [];
    const refused = await runFix({ fix: 'unlock-sim', open: o.open, facts: factsOf(o.sim), secrets: secretsFrom({ pin: PIN }, asked), consent: yes, store: o.store });
    assert.equal(refused.status, 'refused');
    assert.equal(refused.plan.refusal?.code, 'needs-force');
    assert.deepEqual(asked, []);
    assert.equal(o.sim.model.state.sim.pinLeft, 1);
    const forced = await runFix({ fix: 'unlock-sim', open: o.open, facts: factsOf(o.sim), force: true, secrets: secretsFrom({ pin: PIN }, asked), consent: yes, store: o.store });
    assert.equal(forced.status, 'applied', forced.error);
    assert.equal(o.sim.model.state.sim.pinState, 'ready');
  });
});

test('a malformed PIN is refused before it reaches the SIM', async () => {
  await withOpenModem('ec25', 'sim-pin', async (o) => {
    const r = await runFix({ fix: 'unlock-sim', open: o.open, facts: factsOf(o.sim), secrets: async () => '12a4', consent: yes, store: o.store });
    assert.equal(r.status, 'failed');
    assert.match(r.error!, /4 to 8 digits; nothing was sent/);
    assert.equal(o.sim.model.state.sim.pinLeft, 3);
  });
});

for (const use of [{ qmi: true, at: true }, { qmi: false, at: true }] as const) {
  test(`unlock-sim with the PUK (${use.qmi ? 'QMI' : 'AT'}): asks PUK then new PIN, unblocks, and the new PIN is the card's PIN`, async () => {
    await withOpenModem('sim7600', 'sim-puk', async (o) => {
      cardWith(o.sim);
      const asked: SecretKind[] = [];
      const r = await runFix({ fix: 'unlock-sim', finding: 'sim-puk-required', open: o.open, facts: factsOf(o.sim), secrets: secretsFrom({ puk: PUK, 'new-pin': NEW_PIN }, asked), consent: yes, store: o.store });
      assert.equal(r.status, 'applied', r.error);
      assert.deepEqual(r.plan.secrets, ['puk', 'new-pin']);
      assert.deepEqual(asked, ['puk', 'new-pin']);
      assert.equal(o.sim.model.state.sim.pinState, 'ready');
      assert.equal(o.sim.model.state.sim.pin, NEW_PIN);
      assertNoSecrets(o, r, [PUK, NEW_PIN]);
    }, use);
  });
}

test('a blocked SIM: no unlock is offered, nothing is asked', async () => {
  await withOpenModem('ec25', 'sim-blocked', async (o) => {
    const r = await runFix({ fix: 'unlock-sim', open: o.open, facts: factsOf(o.sim), secrets: async () => { throw new Error('asked'); }, consent: yes, store: o.store });
    assert.equal(r.status, 'refused');
    assert.match(r.plan.refusal!.message, /blocked for good/);
  });
});
