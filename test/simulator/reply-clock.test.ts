// The simulator's reply clock: every port's replies leave at (never before) their time, in order
// of time across ports, also when one is scheduled from inside another's turn.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplyClock } from '../../main/simulator/reply-clock.ts';

test('replies from many ports fire in order of their time, none early, within the last millisecond too', async () => {
  const clock = new ReplyClock();
  const start = performance.now();
  // Far ones (timers), near ones (the last millisecond: naps and turns), and ties.
  const offsets = [12, 0.2, 3.5, 0.9, 7, 3.5, 0.05, 15.2, 1.4, 0.6];
  const fired: { due: number; at: number; i: number }[] = [];
  await new Promise<void>((resolve) => {
    offsets.forEach((o, i) => {
      const due = start + o;
      clock.schedule(due, () => {
        fired.push({ due, at: performance.now(), i });
        // A port's next reply is scheduled from inside the turn that sent the last one.
        if (i === 3) {
          const next = performance.now() + 2;
          clock.schedule(next, () => { fired.push({ due: next, at: performance.now(), i: 99 }); });
        }
        if (fired.length === offsets.length + 1) resolve();
      });
    });
  });
  for (const f of fired) assert.ok(f.at >= f.due, `#${f.i} fired ${(f.due - f.at).toFixed(3)} ms early`);
  const order = fired.map((f) => f.i);
  const byTime = [...fired].sort((a, b) => a.due - b.due || a.i - b.i).map((f) => f.i);
  // Ties keep the order they were scheduled in (3.5 ms: #2 before #5).
  assert.deepEqual(order.filter((i) => i !== 99), byTime.filter((i) => i !== 99));
  assert.ok(order.indexOf(99) > order.indexOf(3), 'the reply scheduled from inside a turn fired after the one that scheduled it');
});
