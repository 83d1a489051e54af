// The AT half of the fuzz test: `decode at` (one exchange, a JSON Lines record, a log without
// commands) on random bytes, NULs, lone CRs, long lines and URCs dropped at every position. The
// only acceptable outcomes are values or typed errors. Bounded (numRuns), and the seed is printed
// so that a failure can be replayed: FUZZ_SEED=<seed> node --test test/fuzz/at-decode.test.ts

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AtLogDecoder, decodeAt, decodeAtRecord, type DecodedAt } from '../../main/at/decode.ts';

const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
console.log(`AT decode fuzz seed: ${seed} (replay with FUZZ_SEED=${seed})`);
const RUNS = 300;

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

function assertDecoded(d: DecodedAt): void {
  assert.equal(typeof d.command, 'string');
  assert.equal(typeof d.echo, 'boolean');
  assert.ok(Array.isArray(d.lines) && Array.isArray(d.urcs));
  assert.ok(d.final === null || FINAL_KINDS.has(d.final.kind), JSON.stringify(d.final));
  if (d.parseError) assert.equal(typeof d.parseError.message, 'string');
}

test('random bytes, NULs, lone CRs and long lines: decode at gives a value, never a throw', () => {
  fc.assert(fc.property(fc.constantFrom(...COMMANDS), fc.oneof(wireText, longLine), (command, raw) => {
    assertDecoded(decodeAt(command, raw));
    const log = new AtLogDecoder();
    raw.split(/\r|\n/).forEach((l, i) => log.push(l, i + 1));
    log.end();
  }), { seed, numRuns: RUNS });
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
    }), { seed, numRuns: RUNS });
});

test('random JSON Lines records: a decoded exchange or a typed input error', () => {
  const record = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.record({ command: fc.oneof(fc.constantFrom(...COMMANDS), fc.string()), raw: fc.oneof(wireText, fc.integer()) }).map((o) => JSON.stringify(o)),
  );
  fc.assert(fc.property(record, (text) => {
    const d = decodeAtRecord(text);
    if ('error' in d && typeof d.error === 'string') return;
    assertDecoded(d as DecodedAt);
  }), { seed, numRuns: RUNS });
});
