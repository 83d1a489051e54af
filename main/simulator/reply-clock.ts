// When a virtual modem's replies leave: one clock for every port of a simulator process.
//
// Node's timers count whole milliseconds of the event loop's clock and fire up to a millisecond
// either side of the time asked (measured: half a millisecond late on average, on every reply).
// So a timer wakes the clock within the last millisecond before the next reply is due, and that
// last stretch is waited out here: replies leave within a few hundredths of a millisecond of
// their time, never before it.
//
// How the last stretch is waited: mostly asleep, then in turns of the event loop. Turning the
// loop the whole millisecond kept a core busy (measured: 290 turns and about 1.1 ms of CPU per
// millisecond), and sixteen modems at once have a reply due within the next millisecond nearly
// all the time: the simulator took CPU from the program it serves. Atomics.wait sleeps for a
// fraction of a millisecond (asked 0.1, slept 0.2; about 25 µs of CPU each time), but nothing
// else runs meanwhile: a request that arrives then is read when the nap ends, so each nap is
// short (NAP_MS), and none is taken once the reply is closer than NAP_UNTIL_MS.

const NAP_MS = 0.1;
// A nap of NAP_MS lasts about twice that (measured 0.2 ms): stop napping where one more could
// overshoot the time the reply is due.
const NAP_UNTIL_MS = 0.3;
const NAP_CELL = new Int32Array(new SharedArrayBuffer(4));

interface Waiter { at: number; fire: () => void }

/** Calls each function at (never before) its time, in order of time; timers, naps, turns. */
export class ReplyClock {
  private readonly waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private turning = false;

  /** Calls `fire` once `at` (a performance.now() time) has come. */
  schedule(at: number, fire: () => void): void {
    // Kept sorted by time: one entry per port with a reply waiting (eighty for sixteen modems).
    let i = this.waiting.length;
    while (i > 0 && this.waiting[i - 1]!.at > at) i--;
    this.waiting.splice(i, 0, { at, fire });
    this.arm();
  }

  private arm(): void {
    if (this.turning || this.waiting.length === 0) return;
    const left = this.waiting[0]!.at - performance.now();
    if (left <= 1) {
      if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
      this.turning = true;
      setImmediate(() => this.turn());
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; this.arm(); }, Math.ceil(left) - 1);
    this.timer.unref();
  }

  /** One turn of the last millisecond: fires what is due, naps while the next is far enough. */
  private turn(): void {
    this.turning = false;
    let now = performance.now();
    while (this.waiting.length > 0 && this.waiting[0]!.at <= now) {
      this.waiting.shift()!.fire();
      now = performance.now();
    }
    const next = this.waiting[0];
    if (next && next.at - now > NAP_UNTIL_MS && next.at - now <= 1) Atomics.wait(NAP_CELL, 0, 0, NAP_MS);
    this.arm();
  }
}

/** The simulator process's clock (every PortHost shares it). */
export const replyClock = new ReplyClock();
