// Property tests over every declared message: values generated from the declarations themselves
// (walking each field's `kind`) survive encode -> decode unchanged; and no byte sequence, however
// mangled, makes the decoder throw.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatIpv6, measureOf, type AnyField, type IntName } from '../../main/qmi/codec/fields.ts';
import { QmiDecodeError } from '../../main/qmi/codec/errors.ts';
import { buildFrame, parseFrame, type MessageKind } from '../../main/qmi/frame.ts';
import { decodeBytes, decodeHexFrame, encodeMessage, type DecodeOutcome } from '../../main/qmi/message-codec.ts';
import type { MessageDecl, ServiceDecl, TlvMap } from '../../main/qmi/schema.ts';
import { SERVICES } from '../../main/qmi/services/index.ts';

const INT_RANGE: Record<IntName, [number, number]> = {
  u8: [0, 0xff], u16: [0, 0xffff], u32: [0, 0xffffffff], u48: [0, 2 ** 48 - 1],
  i8: [-0x80, 0x7f], i16: [-0x8000, 0x7fff], i32: [-0x80000000, 0x7fffffff],
};

// Text the formats can carry unchanged: no trailing whitespace/NUL (some fields trim it), printable
// (operator names fall back to GSM-7 otherwise), ASCII only for fixed-size char fields.
const ASCII = 'abcXYZ019-_ .';
const textOf = (chars: string, maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...chars), { maxLength }).map((a) => a.join('').trimEnd());

function arb(f: AnyField): fc.Arbitrary<unknown> {
  switch (f.kind) {
    case 'int': { const [min, max] = INT_RANGE[f.int]; return fc.integer({ min, max }); }
    case 'bigint': return f.int === 'u64' ? fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) : fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
    case 'bool': return fc.boolean();
    case 'ipv4': return fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
    case 'ipv6': return fc.array(fc.oneof(fc.constant(0), fc.nat(0xffff)), { minLength: 8, maxLength: 8 }).map(formatIpv6);
    case 'string':
      if (f.prefix === 'fixed') return textOf(ASCII.replace(' ', ''), f.size ?? 0);
      return textOf(f.encoding === 'utf8' ? `${ASCII}éß` : ASCII, 20);
    case 'bytes': {
      const n = f.prefix === 'fixed' ? { minLength: f.size ?? 0, maxLength: f.size ?? 0 } : { maxLength: 16 };
      return fc.uint8Array(n).map((b) => Buffer.from(b).toString('hex'));
    }
    case 'enum': {
      const named = Object.values(f.names);
      const [min, max] = INT_RANGE[f.base.int];
      const unnamed = fc.integer({ min, max }).filter((v) => !Object.prototype.hasOwnProperty.call(f.names, v));
      return named.length > 0 ? fc.oneof(fc.constantFrom(...named), unnamed) : unnamed;
    }
    case 'flags': {
      const width = f.base.kind === 'bigint' ? 64 : Number(f.base.int.slice(1));
      return fc.uniqueArray(fc.nat(width - 1), { maxLength: 6 })
        .map((bits) => [...bits].sort((a, b) => a - b).map((i) => f.names[i] ?? `bit${i}`));
    }
    case 'array': {
      const n = typeof f.count === 'number' ? { minLength: f.count, maxLength: f.count } : { maxLength: 4 };
      return fc.array(arb(f.of), n);
    }
    case 'struct': {
      const rec: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, sub] of Object.entries(f.fields)) rec[k] = arb(sub);
      return fc.record(rec).map((o) => ({ ...o }));
    }
    case 'measure': {
      // Any raw value, shown as the decoder shows it: { <unit>: value or null, raw }.
      const [min, max] = INT_RANGE[f.base.int];
      return fc.integer({ min, max }).map((raw) => measureOf(f, raw));
    }
    case 'keyed-enum': {
      const [min, max] = INT_RANGE[f.code.int];
      const f2 = f;
      return fc.tuple(arb(f.selector), fc.integer({ min, max }), fc.boolean()).map(([type, reason, named]) => {
        const table = typeof type === 'string' ? f2.tables[type] : undefined;
        const keys = table ? Object.keys(table).map(Number) : [];
        const r = named && keys.length > 0 ? keys[reason % keys.length < 0 ? 0 : Math.abs(reason) % keys.length]! : reason;
        const name = table && Object.hasOwn(table, r) ? table[r] : undefined;
        return name === undefined ? { type, reason: r } : { type, reason: r, name };
      });
    }
  }
}

function valuesArb(map: TlvMap): fc.Arbitrary<Record<string, unknown>> {
  const rec: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, d] of Object.entries(map)) rec[name] = d.required ? arb(d.field) : fc.option(arb(d.field), { nil: undefined });
  return fc.record(rec).map((v) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)));
}

interface Target { svc: ServiceDecl; key: string; msg: MessageDecl; kind: MessageKind; map: TlvMap }
const targets: Target[] = [];
for (const svc of SERVICES) {
  for (const [key, msg] of Object.entries(svc.messages)) {
    for (const kind of ['request', 'response', 'indication'] as const) {
      const map = msg[kind];
      if (map) targets.push({ svc, key, msg, kind, map });
    }
  }
}

test('every service declares something, and every kind of every message is exercised below', () => {
  assert.deepEqual(SERVICES.map((s) => s.name).sort(), ['CTL', 'DMS', 'LOC', 'NAS', 'UIM', 'WDA', 'WDS']);
  assert.ok(targets.length > 60, `${targets.length} message kinds`);
});

for (const svc of SERVICES) {
  test(`${svc.name}: random values from each declaration survive encode -> decode, and re-encode byte for byte`, () => {
    for (const t of targets.filter((x) => x.svc === svc)) {
      fc.assert(fc.property(valuesArb(t.map), fc.nat(0xfe), fc.nat(0xffff), (values, cid, tid) => {
        const bytes = encodeMessage(t.svc, t.msg, t.kind, values as never, { clientId: cid, transactionId: tid });
        const out = decodeBytes(bytes);
        if (!out.ok) return assert.fail(`${t.svc.name}.${t.key} ${t.kind}: ${out.error.message}`);
        assert.equal(out.message.message.key, t.key, `${t.svc.name} 0x${t.msg.id.toString(16)} ${t.kind} looks up to its own declaration`);
        assert.deepEqual(out.message.tlvErrors, [], `${t.svc.name}.${t.key} ${t.kind}`);
        assert.deepEqual(out.message.unknownTlvs, []);
        assert.deepEqual(out.message.fields, values, `${t.svc.name}.${t.key} ${t.kind}`);
        const again = encodeMessage(t.svc, t.msg, t.kind, out.message.fields as never, { clientId: cid, transactionId: tid });
        assert.equal(again.toString('hex'), bytes.toString('hex'));
      }), { numRuns: 25 });
    }
  });
}

// ---------------------------------------------------------------- robustness

const SEEDS = [
  '012d0080020102010025002100020400000000001001003011 0f0038363736393830343132333435363712010030',
  '012f0080000001012100240002040000000000011a0005000100050001010043000201000e0003010008000b01000100',
  '01 6E 00 80 03 01 02 01 00 24 00 62 00 02 04 00 00 00 00 00 01 06 00 01 01 01 02 01 05 10 01 00 01 11 04 00 03 03 04 05 12 0A 00 DE 00 32 00 05 49 76 3A 4C 06 15 03 00 01 05 01 1B 01 00 00 1C 02 00 B4 5F 1D 04 00 CF 5A 13 01 21 05 00 02 03 00 00 00 25 08 00 03 00 00 00 03 00 00 00 26 02 00 22 01 27 05 00 DE 00 32 00 00 28 01 00 00',
  '01 45 00 80 01 01 02 09 00 2D 00 39 00 02 04 00 00 00 00 00 11 01 00 00 15 04 00 19 41 16 0A 16 04 00 19 61 16 0A 1E 04 00 C6 9A 17 0A 20 04 00 C5 9A 17 0A 21 04 00 FC FF FF FF 29 04 00 DC 05 00 00 2B 01 00 04',
  '01 1F 00 80 02 01 02 FF FF 2B 00 13 00 02 04 00 00 00 00 00 12 03 00 01 02 0A 11 03 00 01 03 0A',
].map((h) => Buffer.from(h.replace(/\s/g, ''), 'hex'));

function wellFormed(out: DecodeOutcome, input: Buffer): void {
  if (!out.ok) {
    assert.ok(out.error instanceof QmiDecodeError, 'a typed error');
    assert.ok(Number.isInteger(out.error.offset) && out.error.offset >= 0);
    assert.ok(out.error.message.length > 0);
    return;
  }
  for (const e of out.message.tlvErrors) {
    assert.ok(Number.isInteger(e.type) && e.type >= 0 && e.type <= 0xff);
    assert.equal(typeof e.field, 'string');
    assert.ok(Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= input.length, `offset ${e.offset} inside the frame`);
    assert.notEqual(e.code, 'internal', e.message);
    assert.ok(e.message.length > 0);
  }
}

test('random bytes never make the decoder throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
    const buf = Buffer.from(b);
    wellFormed(decodeBytes(buf), buf);
  }), { numRuns: 500 });
  fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => {
    const out = decodeHexFrame(s);
    assert.ok(out.ok || out.error instanceof QmiDecodeError);
  }), { numRuns: 300 });
});

test('bit flips, truncation and insertion in real frames give a result or a typed error, never a throw', () => {
  const seed = fc.constantFrom(...SEEDS);
  const mutated = fc.oneof(
    fc.tuple(seed, fc.nat(), fc.nat(7)).map(([s, at, bit]) => { const b = Buffer.from(s); b[at % b.length]! ^= 1 << bit; return b; }),
    fc.tuple(seed, fc.nat()).map(([s, n]) => s.subarray(0, n % s.length)),
    fc.tuple(seed, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 })).map(([s, at, ins]) => {
      const i = at % s.length; return Buffer.concat([s.subarray(0, i), Buffer.from(ins), s.subarray(i)]);
    }),
  );
  fc.assert(fc.property(mutated, (buf) => wellFormed(decodeBytes(buf), buf)), { numRuns: 1000 });
});

test('TLV values cut, grown or scrambled inside a valid frame: per-TLV errors, the rest still decodes', () => {
  const parsed = SEEDS.map((s) => { const r = parseFrame(s); assert.ok(r.ok); return r.frame; });
  const arbFrame = fc.tuple(fc.constantFrom(...parsed), fc.nat(), fc.nat(8), fc.uint8Array({ maxLength: 6 })).map(([f, which, cut, extra]) => {
    const i = which % f.tlvs.length;
    const tlvs = f.tlvs.map((t, j) => ({ type: t.type, value: j === i ? Buffer.concat([t.value.subarray(0, Math.max(0, t.value.length - cut)), Buffer.from(extra)]) : t.value }));
    return buildFrame({ service: f.service, clientId: f.clientId, kind: f.kind, transactionId: f.transactionId, messageId: f.messageId, tlvs });
  });
  fc.assert(fc.property(arbFrame, (buf) => {
    const out = decodeBytes(buf);
    assert.ok(out.ok, 'framing is intact, only TLV contents changed');
    wellFormed(out, buf);
  }), { numRuns: 1000 });
});
