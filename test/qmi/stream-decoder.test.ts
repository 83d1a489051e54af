// Byte streams through the client's frame reader: a capture cut into reads at random points gives
// the same frames as the whole capture; noise is reported as noise; bytes left at the end are an
// incomplete frame, never dropped. Real frames (sources named), concatenated as a port delivers them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { QmiStreamDecoder, type StreamEvent } from '../../main/qmi/stream-decoder.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/[\s:]/g, ''), 'hex');

/** Real frames, each as logged: */
const REAL_FRAMES = [
  // openwrt/openwrt issue #9664: CTL Allocate CID reply (WDA, cid 0x1a), then WDA Get Data Format.
  hex('011700800000010122000c00020400000000000102001a01'),
  hex('01410080 1a010201 00210035 00020400 00000000 10010000 11040001 00000012 04000000 00001304 00000000 00140400 00000000 15040000 00000016 04000000 0000'),
  // openwrt/packages issue #10565 (ModemManager debug log of an EM7455): DMS 0x0040 InvalidQmiCommand.
  hex('01:13:00:80:02:02:02:0F:00:40:00:07:00:02:04:00:01:00:47:00'),
  // modemmanager-devel 2016-08 (MC8355): DMS 0x555F failure NoEffect.
  hex('01:13:00:80:02:04:02:01:00:5F:55:07:00:02:04:00:01:00:1A:00'),
];
const CAPTURE = Buffer.concat(REAL_FRAMES);

/** What a run produced, in a comparable form: kind, offset and bytes of each event. */
function summary(events: StreamEvent[]): string[] {
  return events.map((e) => {
    switch (e.kind) {
      case 'frame': return `frame@${e.at.offset}:${e.frame.bytes.toString('hex')}`;
      case 'bad-hex': return `bad-hex@${e.at.line}:${e.at.column}`;
      default: return `${e.kind}@${e.at.offset}:${e.bytes.toString('hex')}`;
    }
  });
}

function run(input: Buffer, cuts: number[], hexText = false): StreamEvent[] {
  const d = new QmiStreamDecoder({ hexText });
  const events: StreamEvent[] = [];
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    events.push(...d.push(input.subarray(at, c)));
    at = c;
  }
  events.push(...d.push(input.subarray(at)));
  events.push(...d.end());
  return events;
}

test('the whole capture: its four frames at their offsets, nothing else', () => {
  const events = run(CAPTURE, []);
  assert.deepEqual(events.map((e) => e.kind), ['frame', 'frame', 'frame', 'frame']);
  let offset = 0;
  REAL_FRAMES.forEach((f, i) => {
    const e = events[i]!;
    assert.ok(e.kind === 'frame');
    assert.equal(e.at.offset, offset);
    assert.equal(e.frame.bytes.toString('hex'), f.toString('hex'));
    offset += f.length;
  });
});

test('cut into reads at random points (bytes or hex text), the capture gives the same frames', () => {
  const whole = summary(run(CAPTURE, []));
  const text = Buffer.from(REAL_FRAMES.map((f) => f.toString('hex').replace(/(..)/g, '$1 ')).join('\n'));
  const wholeText = summary(run(text, [], true));
  assert.deepEqual(wholeText, whole, 'hex text decodes like the bytes');
  fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: CAPTURE.length - 1 }), { maxLength: 40 }), (cuts) => {
    assert.deepEqual(summary(run(CAPTURE, cuts)), whole);
  }), { numRuns: 300 });
  fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 60 }), (cuts) => {
    assert.deepEqual(summary(run(text, cuts, true)), whole);
  }), { numRuns: 300 });
});

test('a capture cut short: the trailing bytes are reported as an incomplete frame, at their offset', () => {
  for (const keep of [1, 5, 6, 20, CAPTURE.length - 1]) {
    const cutShort = CAPTURE.subarray(0, keep);
    const events = run(cutShort, []);
    const last = events[events.length - 1]!;
    assert.equal(last.kind, 'incomplete', `cut at ${keep}`);
    const reported = events.reduce((n, e) => n + (e.kind === 'bad-hex' ? 0 : e.kind === 'frame' ? e.frame.bytes.length : e.bytes.length), 0);
    assert.equal(reported, keep, 'every byte is in some event: none dropped');
  }
});

test('a capture opened mid-frame, with line noise between frames: noise reported as one piece each, frames intact', () => {
  const noise = Buffer.from('\r\nOK\r\n');
  const input = Buffer.concat([REAL_FRAMES[1]!.subarray(30), REAL_FRAMES[0]!, noise, REAL_FRAMES[2]!, REAL_FRAMES[3]!]);
  const events = run(input, []);
  assert.deepEqual(events.map((e) => e.kind), ['noise', 'frame', 'noise', 'frame', 'frame']);
  const n = events[2]!;
  assert.ok(n.kind === 'noise');
  assert.equal(n.bytes.toString(), '\r\nOK\r\n');
  fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: input.length - 1 }), { maxLength: 30 }), (cuts) => {
    assert.deepEqual(summary(run(input, cuts)), summary(events));
  }), { numRuns: 200 });
});

test('a false frame start in noise does not swallow the frames behind it at the end of input', () => {
  // 0x01 then a plausible header declaring 300 bytes, then two real frames: not 300 bytes.
  const input = Buffer.concat([hex('01 2c 01 00 02 01'), REAL_FRAMES[0]!, REAL_FRAMES[2]!]);
  const events = run(input, []);
  assert.deepEqual(events.map((e) => e.kind), ['noise', 'frame', 'frame']);
});

test('hex text: a non-hex character is reported with its line and column, a lone last digit as odd', () => {
  const events = run(Buffer.from(`${REAL_FRAMES[0]!.toString('hex')}\nzz\n${REAL_FRAMES[2]!.toString('hex')}0`), [], true);
  assert.deepEqual(events.map((e) => e.kind), ['bad-hex', 'frame', 'frame', 'bad-hex']);
  const first = events[0]!;
  assert.ok(first.kind === 'bad-hex');
  assert.deepEqual(first.at, { line: 2, column: 1 });
  const f = events[2]!;
  assert.ok(f.kind === 'frame');
  assert.equal(f.at.line, 3);
});
