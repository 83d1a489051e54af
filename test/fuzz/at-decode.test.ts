// The AT half of the fuzz test: `decode at` (one exchange, a JSON Lines record, a log without
// commands) and the live channel's path (bytes in random reads -> LineAssembler -> AtLineSorter
// -> the parsers) on random bytes, NULs, lone CRs, 1 MB lines and URCs dropped at every position.
// The only acceptable outcomes are values or typed errors, within the per-input hang limit and
// with the line buffer bounded (fuzz-run.ts). Bounded in `npm test`; `npm run fuzz` runs a million
// cases per property. The seed is printed: FUZZ_SEED=<seed> node --test test/fuzz/at-decode.test.ts

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AtLogDecoder, decodeAt, decodeAtRecord, type DecodedAt } from '../../main/at/decode.ts';
import { LineAssembler, MAX_LINE_BYTES } from '../../main/at/line-assembler.ts';
import { AtLineSorter } from '../../main/at/line-sorter.ts';
import { parseResponse } from '../../main/at/parsers/index.ts';
import { announce, HEAP_GROWTH_LIMIT, params, SEED as seed, settledHeap, withinHangLimit } from './fuzz-run.ts';

announce('AT', 'test/fuzz/at-decode.test.ts');

const COMMANDS = ['AT', 'ATI', 'AT+CSQ', 'AT+CPIN?', 'AT+CIMI', 'AT+CREG?', 'AT+C5GREG?', 'AT+COPS?', 'AT+COPS=?',
  'AT+CGDCONT?', 'AT+QCFG="usbnet"', 'AT!GSTATUS?', 'AT+CREG?;+CGREG?', 'ATV0', 'ATD*99#', 'AT+CMGS=5'];
const URCS = ['RDY', 'START', '!READY', 'RING', '+QIND: "csq",20,99', '+CREG: 1,"00C3","0000B7E2",7', '+CPIN: READY',
  'NO CARRIER', '$GPGGA,,,,,,0,,,,,,,,*66'];
const FINAL_KINDS = new Set(['ok', 'error', 'cme-error', 'cms-error', 'no-carrier', 'busy', 'no-answer', 'no-dialtone',
  'command-not-supported', 'connect', 'prompt']);

// Bytes as the port gives them: anything, with CR, LF, NUL and ' ,(' overrepresented.
const wireText = fc.array(fc.oneof(
  fc.integer({ min: 0, max: 255 }),
  fc.constantFrom(0x0d, 0x0a, 0x00, 0x20, 0x2c, 0x28, 0x22),
), { maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('latin1'));
const longLine = fc.tuple(fc.constantFrom(' ', ',', '(', '"', 'a:\t', '\0'), fc.integer({ min: 1000, max: 20_000 }))
  .map(([unit, n]) => unit.repeat(n));
// A megabyte without a line end (a DIAG port, a stuck UART), after a real answer's prefix.
const MEGABYTE = 1024 * 1024;
// Drawn as its recipe (prefix, unit) and built inside the property, so that a failure prints the
// recipe and not a megabyte.
const megabyteRecipe = fc.tuple(fc.constantFrom('+CSQ: ', '+COPS: (', '+CGDCONT: 1,"', '', '$GPGGA,'), fc.constantFrom('9', ',', '(', '"', '\0', 'é'));
const megabyte = ([prefix, unit]: [string, string]): string => prefix + unit.repeat(MEGABYTE);

function assertDecoded(d: DecodedAt): void {
  assert.equal(typeof d.command, 'string');
  assert.equal(typeof d.echo, 'boolean');
  assert.ok(Array.isArray(d.lines) && Array.isArray(d.urcs));
  assert.ok(d.final === null || FINAL_KINDS.has(d.final.kind), JSON.stringify(d.final));
  if (d.parseError) assert.equal(typeof d.parseError.message, 'string');
}

test(`random bytes, NULs, lone CRs and long lines: decode at gives a value, never a throw (seed ${seed})`, () => {
  const before = settledHeap();
  fc.assert(fc.property(fc.constantFrom(...COMMANDS), fc.oneof(wireText, longLine), (command, raw) => withinHangLimit('decode at', () => {
    assertDecoded(decodeAt(command, raw));
    const log = new AtLogDecoder();
    raw.split(/\r|\n/).forEach((l, i) => log.push(l, i + 1));
    log.end();
  })), params());
  const grown = settledHeap() - before;
  assert.ok(grown < HEAP_GROWTH_LIMIT, `the heap grew by ${grown} bytes over the run: something keeps what it decoded`);
});

test(`1 MB lines: decode at and the live path cut them and give values (seed ${seed})`, () => {
  fc.assert(fc.property(fc.constantFrom(...COMMANDS), megabyteRecipe, fc.constantFrom('', '\r\nOK\r\n', '\r', '\n'), (command, recipe, tail) => withinHangLimit('1 MB line', () => {
    const raw = `${command}\r\r\n${megabyte(recipe)}${tail}`;
    const d = decodeAt(command, raw);
    assertDecoded(d);
    for (const l of [...d.lines, ...(d.garbage ?? [])]) assert.ok(l.length <= MAX_LINE_BYTES, `a ${l.length}-character line came out`);
    throughChannelPath(command, Buffer.from(raw, 'utf8'), [7, 4000, 70_000]);
  })), params(0.002));
});

/** The channel's path: the bytes in the given reads, line by line into the sorter, then the parser. */
function throughChannelPath(command: string, bytes: Buffer, cuts: number[]): void {
  const assembler = new LineAssembler();
  const sorter = new AtLineSorter(command);
  let at = 0;
  const reads = [...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length];
  for (const c of reads) {
    for (const line of assembler.push(bytes.subarray(at, c))) {
      assert.ok(line.length <= MAX_LINE_BYTES, `the assembler gave a ${line.length}-character line`);
      const sorted = sorter.push(line);
      assert.ok(['echo', 'answer', 'final', 'urc', 'garbage', 'late'].includes(sorted.role), sorted.role);
    }
    // Memory bounded: a port that never sends a line end is not buffered without limit.
    assert.ok(assembler.pending().length <= MAX_LINE_BYTES, `the assembler holds ${assembler.pending().length} characters`);
    at = c;
  }
  sorter.settle();
  const parsed = parseResponse(command, sorter.lines);
  if (parsed !== null && !parsed.ok) assert.equal(typeof parsed.error.message, 'string');
}

test(`the live path: random bytes in random reads through the line assembler, the sorter and the parsers (seed ${seed})`, () => {
  const text = fc.oneof({ weight: 5, arbitrary: wireText }, { weight: 1, arbitrary: longLine });
  fc.assert(fc.property(fc.constantFrom(...COMMANDS), text, fc.array(fc.nat(), { maxLength: 12 }), (command, t, cuts) => {
    const raw = Buffer.from(t, 'latin1');
    withinHangLimit('channel path', () => throughChannelPath(command, raw, cuts));
  }), params());
});

test('a URC at any position of a real reply leaves the answer alone and comes out as a URC', () => {
  const replies: Array<[string, string]> = [
    ['AT+CSQ', 'AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n'],
    ['AT+CGDCONT?', '\r\n+CGDCONT: 1,"IP","internet","0.0.0.0",0,0\r\n+CGDCONT: 2,"IPV4V6","ims","0.0.0.0",0,0\r\n\r\nOK\r\n'],
    ['ATI', 'ATI\r\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n'],
  ];
  fc.assert(fc.property(fc.constantFrom(...replies), fc.constantFrom(...URCS.filter((u) => u !== 'RDY' && u !== 'START')), fc.nat(),
    ([command, raw], urc, at) => {
      const clean = decodeAt(command, raw);
      const cuts = [0, ...[...raw.matchAll(/\n/g)].map((m) => (m.index ?? 0) + 1)];
      const pos = cuts[at % cuts.length]!;
      const noisy = decodeAt(command, `${raw.slice(0, pos)}\r\n${urc}\r\n${raw.slice(pos)}`);
      assert.deepEqual(noisy.lines, clean.lines);
      assert.deepEqual(noisy.result, clean.result);
      assert.equal(noisy.urcs.length, clean.urcs.length + 1);
    }), params());
});

test('a URC at every line boundary of real replies, read in one piece and byte by byte, is a URC and changes nothing else', () => {
  // Exhaustive rather than random: every URC at every boundary (a handful of cases).
  const replies: Array<[string, string]> = [
    ['AT+CSQ', 'AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n'],
    ['AT+COPS?', 'AT+COPS?\r\r\n+COPS: 0,0,"I TIM",7\r\n\r\nOK\r\n'],
    ['AT+CPIN?', '\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n'],
  ];
  for (const [command, raw] of replies) {
    const clean = decodeAt(command, raw);
    const cuts = [0, ...[...raw.matchAll(/\n/g)].map((m) => (m.index ?? 0) + 1)];
    // A URC that shares the command's answer prefix (+CPIN: READY during AT+CPIN?) is an answer line.
    for (const urc of URCS.filter((u) => u !== 'RDY' && u !== 'START' && !u.startsWith(command.slice(2).replace(/\?$/, ':')))) {
      for (const pos of cuts) {
        const noisyRaw = `${raw.slice(0, pos)}\r\n${urc}\r\n${raw.slice(pos)}`;
        const noisy = decodeAt(command, noisyRaw);
        assert.deepEqual([noisy.lines, noisy.result, noisy.urcs.length], [clean.lines, clean.result, clean.urcs.length + 1], `${urc} at ${pos} of ${JSON.stringify(raw)}`);
        const bytes = Buffer.from(noisyRaw, 'latin1');
        throughChannelPath(command, bytes, Array.from({ length: bytes.length }, (_, i) => i));
      }
    }
  }
});

test('random JSON Lines records: a decoded exchange or a typed input error', () => {
  const record = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.record({ command: fc.oneof(fc.constantFrom(...COMMANDS), fc.string()), raw: fc.oneof(wireText, fc.integer()) }).map((o) => JSON.stringify(o)),
  );
  fc.assert(fc.property(record, (text) => withinHangLimit('decode record', () => {
    const d = decodeAtRecord(text);
    if ('error' in d && typeof d.error === 'string') return;
    assertDecoded(d as DecodedAt);
  })), params(0.5));
});
