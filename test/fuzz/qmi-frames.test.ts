// The QMI half of the fuzz test: decode and encode take anything (random bytes, truncated and
// mutated real captures, random TLV lengths, random reads of a stream) and give values or typed
// errors, never a throw of anything else, never a hang (fuzz-run.ts: > 100 ms of CPU for one
// input fails), and memory stays bounded (the frame reader holds at most one frame's worth, the
// heap does not grow with the number of inputs). Bounded in `npm test`; `npm run fuzz` runs a
// million cases per property. The seed is printed: FUZZ_SEED=<seed> node --test test/fuzz/qmi-frames.test.ts

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { QmiDecodeError, QmiEncodeError } from '../../main/qmi/codec/errors.ts';
import { parseFrame } from '../../main/qmi/frame.ts';
import { decodeBytes, decodeHexFrame, encodeMessage, type DecodeOutcome } from '../../main/qmi/message-codec.ts';
import { SERVICES } from '../../main/qmi/services/index.ts';
import { QmiStreamDecoder } from '../../main/qmi/stream-decoder.ts';
import { MAX_FRAME_LENGTH, QmuxFrameReader } from '../../main/qmi/frame-stream.ts';
import { announce, HEAP_GROWTH_LIMIT, params, SEED, settledHeap, withinHangLimit } from './fuzz-run.ts';

announce('QMI', 'test/fuzz/qmi-frames.test.ts');

const hex = (s: string): Buffer => Buffer.from(s.replace(/[\s:]/g, ''), 'hex');
/** Real frames: a qmicli <-> modem DMS Get IDs reply; openwrt/openwrt #9664's CTL allocation and
 *  WDA Get Data Format; nerves-networking/qmi's NAS Serving System indication (TLVs as published);
 *  openwrt/packages #10565's EM7455 failure; a WDS Get Current Settings reply. */
const CAPTURES = [
  hex('012d00800201020100250021000204000000000010010030110f0038363736393830343132333435363712010030'),
  hex('011700800000010122000c00020400000000000102001a01'),
  hex('01410080 1a010201 00210035 00020400 00000000 10010000 11040001 00000012 04000000 00001304 00000000 00140400 00000000 15040000 00000016 04000000 0000'),
  hex(`01 54 00 80 03 FF 04 A5 00 24 00 48 00 01 06 00 01 01 01 02 01 05  11 04 00 03 03 04 05  12 05 00 36 01 9a 01 00
    28 02 00 73 00 29 05 00 36 01 9a 01 01  1e 04 00 fb 1c a6 01  1a 01 00 f0  1b 01 00 01
    1c 08 00 e5 07 08 1f 16 26 05 f0  1d 02 00 5d bf  10 01 00 01`),
  hex('01:13:00:80:02:02:02:0F:00:40:00:07:00:02:04:00:01:00:47:00'),
  hex(`01 45 00 80 01 01 02 09 00 2D 00 39 00 02 04 00 00 00 00 00 11 01 00 00 15 04 00 19 41 16 0A 16 04 00 19 61 16 0A
    1E 04 00 C6 9A 17 0A 20 04 00 C5 9A 17 0A 21 04 00 FC FF FF FF 29 04 00 DC 05 00 00 2B 01 00 04`),
];

test('the captures are whole, valid frames', () => {
  for (const c of CAPTURES) assert.ok(parseFrame(c).ok, c.toString('hex'));
});

function valueOrTypedError(run: () => DecodeOutcome): void {
  let out: DecodeOutcome;
  try {
    out = withinHangLimit('decode', run);
  } catch (e) {
    assert.fail(`decode threw ${String(e)}`);
  }
  if (!out.ok) {
    assert.ok(out.error instanceof QmiDecodeError);
    assert.ok(out.error.message.length > 0);
    return;
  }
  for (const e of out.message.tlvErrors) assert.notEqual(e.code, 'internal', e.message);
}

const capture = fc.constantFrom(...CAPTURES);
/** A capture with its TLV length fields (and optionally the header lengths) set at random. */
const randomTlvLengths = fc.tuple(capture, fc.array(fc.nat(0xffff), { minLength: 1, maxLength: 8 }), fc.boolean()).map(([c, lens, fixHeader]) => {
  const b = Buffer.from(c);
  const hdr = b[4] === 0 ? 12 : 13;
  let p = hdr;
  let i = 0;
  while (p + 3 <= b.length && i < lens.length) {
    const old = b.readUInt16LE(p + 1);
    b.writeUInt16LE(lens[i++]! % (b.length + 4), p + 1);
    p += 3 + old;
  }
  if (fixHeader) { b.writeUInt16LE(b.length - 1, 1); b.writeUInt16LE(b.length - hdr, hdr - 2); }
  return b;
});
const mutated = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc.tuple(capture, fc.nat()).map(([c, n]) => c.subarray(0, n % (c.length + 1))),
  fc.tuple(capture, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 6 })).map(([c, edits]) => {
    const b = Buffer.from(c);
    for (const [at, v] of edits) b[at % b.length] = v;
    return b;
  }),
  fc.tuple(capture, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([c, at, ins]) => {
    const i = at % (c.length + 1);
    return Buffer.concat([c.subarray(0, i), Buffer.from(ins), c.subarray(i)]);
  }),
  randomTlvLengths,
);

test(`fuzz decode: random, truncated, mutated captures and random TLV lengths give values or typed errors (seed ${SEED})`, () => {
  const before = settledHeap();
  fc.assert(fc.property(mutated, (b) => valueOrTypedError(() => decodeBytes(b))), params());
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => valueOrTypedError(() => decodeHexFrame(s))), params(0.5));
  const grown = settledHeap() - before;
  assert.ok(grown < HEAP_GROWTH_LIMIT, `the heap grew by ${grown} bytes over the run: something keeps what it decoded`);
});

test(`fuzz reader: whatever arrives, the frame reader holds at most one frame's bytes (seed ${SEED})`, () => {
  // A false marker or a header whose length never comes must not make the reader keep bytes
  // without limit: it holds at most MAX_FRAME_LENGTH (+ the marker) while it waits.
  const stream = fc.array(fc.oneof(mutated, fc.uint8Array({ maxLength: 9000 }).map((a) => Buffer.from(a))), { minLength: 1, maxLength: 6 });
  fc.assert(fc.property(stream, (chunks) => withinHangLimit('frame reader', () => {
    const reader = new QmuxFrameReader({}, { staleMs: 0 });
    for (const c of chunks) {
      reader.push(c);
      assert.ok(reader.pending <= MAX_FRAME_LENGTH + 1, `the reader holds ${reader.pending} bytes`);
    }
    reader.end();
    assert.equal(reader.pending, 0);
  })), params(0.25));
});

test(`fuzz stream: mutated captures in random reads are read to the end, every byte accounted for (seed ${SEED})`, () => {
  fc.assert(fc.property(fc.array(mutated, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 20 }), (parts, cuts) => withinHangLimit('stream', () => {
    const input = Buffer.concat(parts);
    const d = new QmiStreamDecoder({ hexText: false });
    const events = [];
    let at = 0;
    for (const c of cuts.map((x) => x % (input.length + 1)).sort((a, b) => a - b)) { events.push(...d.push(input.subarray(at, c))); at = c; }
    events.push(...d.push(input.subarray(at)), ...d.end());
    const seen = events.reduce((n, e) => n + (e.kind === 'bad-hex' ? 0 : e.kind === 'frame' ? e.frame.bytes.length : e.kind === 'invalid' ? 0 : e.bytes.length), 0);
    assert.equal(seen, input.length, 'every byte is in a frame, noise or the incomplete tail');
  })), params(0.5));
});

// Anything a caller (a UI, a JSON file, a test) might hand the encoder.
const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' },
    fc.integer(), fc.double(), fc.bigInt(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.string({ maxLength: 12 }),
    fc.constantFrom('0x10', '1.2.3.4', '::1', 'ipv4', 'lte', 'pap', '3gpp', 'dm-nmea-at-qmi', 'unknown-apn', ''),
    fc.constant('x'.repeat(70_000)), fc.integer({ min: 0, max: 3 }).map((n) => 'ab'.repeat(40_000 * n)),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('raw', 'dB', 'dBm', 'type', 'reason', 'name', 'minutes', 'mcc', 'mnc', 'pinId', 'pin'), tie('v'), { maxKeys: 4 }),
  ),
})).v;

const targets = SERVICES.flatMap((svc) => Object.values(svc.messages).flatMap((msg) =>
  (['request', 'response', 'indication'] as const).filter((k) => msg[k]).map((kind) => ({ svc, msg, kind }))));

test(`fuzz encode: any values into any declared message give a frame or a QmiEncodeError (seed ${SEED})`, () => {
  // Drawn by name and looked up inside, so that a failure prints "WDS.setEventReport request", not the declaration.
  const byName = new Map(targets.map((t) => [`${t.svc.name}.${t.msg.name} ${t.kind}`, t]));
  const target = fc.constantFrom(...byName.keys());
  const values = fc.tuple(target, fc.array(fc.tuple(fc.nat(), anyValue), { maxLength: 4 })).map(([name, picks]) => {
    const t = byName.get(name)!;
    const names = Object.keys(t.msg[t.kind] ?? {});
    const v: Record<string, unknown> = {};
    for (const [i, x] of picks) if (names.length > 0) v[names[i % names.length]!] = x;
    return { name, v };
  });
  const header = fc.record({ clientId: fc.oneof(fc.nat(0xff), fc.integer(), fc.double()), transactionId: fc.oneof(fc.nat(0xffff), fc.integer()) });
  fc.assert(fc.property(values, header, fc.oneof(anyValue, fc.constant(undefined)), ({ name, v }, h, whole) => withinHangLimit('encode', () => {
    const t = byName.get(name)!;
    for (const input of [v, whole]) {
      try {
        const b = encodeMessage(t.svc, t.msg, t.kind, input as never, h as never);
        assert.ok(Buffer.isBuffer(b));
        assert.ok(decodeBytes(b).ok, 'what the encoder writes, the decoder reads');
      } catch (e) {
        if (!(e instanceof QmiEncodeError)) assert.fail(`${t.svc.name}.${t.msg.name} ${t.kind}: threw ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
  })), params());
});
