// A TLV shorter than its type: one per-TLV error naming the TLV, its length and what its type
// needs, and every other TLV of the frame still decoded. Real frames, one TLV cut by us.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFrame, parseFrame } from '../../main/qmi/frame.ts';
import { decodeBytes } from '../../main/qmi/message-codec.ts';

/** Rebuilds a real frame with TLV `type` cut to `keep` bytes (header and the other TLVs as captured). */
function cut(hex: string, type: number, keep: number): Buffer {
  const p = parseFrame(Buffer.from(hex.replace(/\s/g, ''), 'hex'));
  assert.ok(p.ok);
  const f = p.frame;
  return buildFrame({ service: f.service, clientId: f.clientId, kind: f.kind, transactionId: f.transactionId, messageId: f.messageId,
    qmuxFlags: f.qmuxFlags, sduFlags: f.sduFlags,
    tlvs: f.tlvs.map((t) => ({ type: t.type, value: t.type === type ? t.value.subarray(0, keep) : t.value })) });
}

// NAS Serving System indication captured from a modem by nerves-networking/qmi
// (test/qmi/codec/network_access_test.exs, "parses serving system indication"), TLV area as
// published, QMUX/QMI header ours (see captures.test.ts).
const SERVING_SYSTEM = `01 54 00 80 03 FF 04 A5 00 24 00 48 00
  01 06 00 01 01 01 02 01 05  11 04 00 03 03 04 05  12 05 00 36 01 9a 01 00  28 02 00 73 00
  29 05 00 36 01 9a 01 01  1e 04 00 fb 1c a6 01  1a 01 00 f0  1b 01 00 01
  1c 08 00 e5 07 08 1f 16 26 05 f0  1d 02 00 5d bf  10 01 00 01`;

test('a struct TLV cut short: the error names TLV 0x1c, its 5 bytes, the 8 its type needs, the member that ran out', () => {
  const out = decodeBytes(cut(SERVING_SYSTEM, 0x1c, 5));
  assert.ok(out.ok);
  const m = out.message;
  assert.equal(m.tlvErrors.length, 1);
  const e = m.tlvErrors[0]!;
  assert.equal(e.type, 0x1c);
  assert.equal(e.field, 'universalTimeAndLocalTimeZone3gpp');
  assert.equal(e.code, 'tlv-too-short');
  assert.equal(e.length, 5);
  assert.equal(e.needs, 8);
  assert.equal(e.member, 'minute');
  assert.match(e.message, /^TLV 0x1c \(universalTimeAndLocalTimeZone3gpp\) is 5 bytes long, but its format .* needs at least 8: minute \(u8/);
  assert.equal(m.fields.universalTimeAndLocalTimeZone3gpp, undefined);
  // Every other TLV of the frame is still there.
  assert.equal(m.fields.lac3gpp, 48989);
  assert.equal(m.fields.cid3gpp, 27663611);
  assert.deepEqual(m.fields.timeZone3gpp, { minutes: -240, raw: -16 });
  assert.deepEqual((m.fields.servingSystem as { radioInterfaces: string[] }).radioInterfaces, ['umts']);
});

test('an array element cut: the member path names the element', () => {
  // TLV 0x11 (data capability list, count 3) carrying only two entries.
  const out = decodeBytes(cut(SERVING_SYSTEM, 0x11, 3));
  assert.ok(out.ok);
  const e = out.message.tlvErrors[0]!;
  assert.equal(e.field, 'dataServiceCapability');
  assert.equal(e.member, '[2]');
  assert.equal(e.length, 3);
  assert.match(e.message, /shorter than its own contents say/);
  assert.equal(out.message.fields.lac3gpp, 48989);
});

// WDS Get Current Settings from a real modem (test/qmi/property.test.ts seed).
const CURRENT_SETTINGS = `01 45 00 80 01 01 02 09 00 2D 00 39 00 02 04 00 00 00 00 00 11 01 00 00 15 04 00 19 41 16 0A
  16 04 00 19 61 16 0A 1E 04 00 C6 9A 17 0A 20 04 00 C5 9A 17 0A 21 04 00 FC FF FF FF 29 04 00 DC 05 00 00 2B 01 00 04`;

test('every TLV of a frame cut in turn to one byte short: exactly that TLV errs, all others decode', () => {
  const whole = decodeBytes(Buffer.from(CURRENT_SETTINGS.replace(/\s/g, ''), 'hex'));
  assert.ok(whole.ok);
  for (const t of whole.frame.tlvs.filter((x) => x.type !== 0x02)) {
    const out = decodeBytes(cut(CURRENT_SETTINGS, t.type, t.value.length - 1));
    assert.ok(out.ok);
    assert.deepEqual(out.message.tlvErrors.map((e) => [e.type, e.length, e.needs]), [[t.type, t.value.length - 1, t.value.length]]);
    const others: [string, unknown][] = Object.entries(whole.message.fields).filter(([k]) => k !== out.message.tlvErrors[0]!.field);
    assert.deepEqual(Object.entries(out.message.fields), others);
  }
});
