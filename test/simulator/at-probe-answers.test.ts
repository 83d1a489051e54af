// AT commands a real ModemManager sends while probing and enabling (its Quectel plugin's
// +QGPS=?, 27.007's +CTZU=? and +CCLK?), answered over the virtual modem's real PTY from the
// modem's state; a vendor's command stays an ERROR on another vendor's modem.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AtChannel } from '../../main/at/channel.ts';
import type { Simulator } from '../../main/simulator/simulator.ts';
import { withSim } from './support.ts';

async function withAt(profile: string, fn: (at: AtChannel, s: Simulator) => Promise<void>): Promise<void> {
  return withSim(profile, 'healthy', async (s) => {
    const at = await AtChannel.open(s.ports.at[0]!);
    try {
      await fn(at, s);
    } finally {
      await at.close();
    }
  });
}

test('+QGPS=? lists the GNSS modes on the EC25; +QGPS=1 / +QGPSEND start and stop the engine', () => withAt('ec25', async (at, s) => {
  const t = await at.send('AT+QGPS=?');
  assert.equal(t.final?.kind, 'ok');
  assert.deepEqual(t.lines, ['+QGPS: (1),(1-3),(1-1000),(1-1000),(1-65535)']);
  assert.deepEqual((await at.send('AT+QGPS?')).lines, ['+QGPS: 0']);
  assert.equal((await at.send('AT+QGPS=1')).final?.kind, 'ok');
  assert.equal(s.model.state.gnssOn, true);
  assert.deepEqual((await at.send('AT+QGPS?')).lines, ['+QGPS: 1']);
  assert.notEqual((await at.send('AT+QGPS=1')).final?.kind, 'ok', 'a second start is refused while a session runs');
  assert.equal((await at.send('AT+QGPSEND')).final?.kind, 'ok');
  assert.equal(s.model.state.gnssOn, false);
}));

test('+QGPS=? is an ERROR on the MC7455 (a Quectel command on a Sierra modem)', () => withAt('mc7455', async (at) => {
  assert.notEqual((await at.send('AT+QGPS=?')).final?.kind, 'ok');
}));

test('+CTZU=? lists 0 and 1; +CTZU=0 turns automatic time zone off and +CTZU? says so', async () => {
  for (const profile of ['ec25', 'mc7455', 'sim7600']) {
    await withAt(profile, async (at, s) => {
      assert.deepEqual((await at.send('AT+CTZU=?')).lines, ['+CTZU: (0,1)']);
      assert.deepEqual((await at.send('AT+CTZU?')).lines, ['+CTZU: 1']);
      assert.equal((await at.send('AT+CTZU=0')).final?.kind, 'ok');
      assert.equal(s.model.state.autoTimeZone, false);
      assert.deepEqual((await at.send('AT+CTZU?')).lines, ['+CTZU: 0']);
      assert.notEqual((await at.send('AT+CTZU=7')).final?.kind, 'ok');
    });
  }
});

test('+CCLK? answers the clock in 27.007\'s "yy/MM/dd,hh:mm:ss±zz" form, at the host\'s time', () => withAt('ec25', async (at) => {
  const before = Date.now();
  const r = await at.send('AT+CCLK?');
  const after = Date.now();
  assert.equal(r.final?.kind, 'ok');
  const m = /^\+CCLK: "(\d\d)\/(\d\d)\/(\d\d),(\d\d):(\d\d):(\d\d)([+-]\d\d)"$/.exec(r.lines[0] ?? '');
  assert.ok(m, r.lines.join('|'));
  assert.equal(m[7], '+00');
  const t = Date.UTC(2000 + Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  // Whole seconds: the printed time lies within the second before the request and the reply.
  assert.ok(t >= Math.floor(before / 1000) * 1000 && t <= after, `${m[0]} between ${new Date(before).toISOString()} and ${new Date(after).toISOString()}`);
}));
