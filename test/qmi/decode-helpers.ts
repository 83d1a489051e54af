// Shared by the QMI codec tests: decode hex that must be a valid frame, and compare
// re-encoding byte for byte. Tests assert on what a user sees (names, numbers, addresses).

import assert from 'node:assert/strict';
import { decodeHexFrame, encodeMessage, messageById, serviceById, type DecodedMessage } from '../../main/qmi/message-codec.ts';
import type { QmiFrame } from '../../main/qmi/frame.ts';

export function clean(hex: string): string {
  return hex.replace(/[\s:]/g, '').toLowerCase();
}

export function decodeOk(hex: string): { frame: QmiFrame; message: DecodedMessage } {
  const out = decodeHexFrame(hex);
  if (!out.ok) assert.fail(`expected a valid frame, got ${out.error.code}: ${out.error.message}`);
  return { frame: out.frame, message: out.message };
}

/** Re-encodes a decoded frame from its decoded fields (unknown TLVs appended raw). */
export function reencode(frame: QmiFrame, message: DecodedMessage): string {
  const svc = serviceById(frame.service);
  assert.ok(svc, `service 0x${frame.service.toString(16)} is declared`);
  const found = messageById(svc, frame.messageId, frame.kind);
  assert.ok(found, `message 0x${frame.messageId.toString(16)} is declared`);
  const bytes = encodeMessage(svc, found.decl, frame.kind, message.fields as never, {
    clientId: frame.clientId,
    transactionId: frame.transactionId,
    ...(message.result ? { result: { error: message.result.error } } : {}),
    extraTlvs: message.unknownTlvs,
  });
  return bytes.toString('hex');
}

/** Header plus TLVs sorted by type: equal for two frames that differ only in TLV order. */
export function canonical(hex: string): string {
  const { frame } = decodeOk(hex);
  const head = frame.bytes.subarray(0, frame.service === 0 ? 12 : 13).toString('hex');
  const tlvs = [...frame.tlvs].sort((a, b) => a.type - b.type).map((t) => `${t.type.toString(16)}:${t.value.toString('hex')}`);
  return `${head}|${tlvs.join('|')}`;
}
