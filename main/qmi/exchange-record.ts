// QMI frames as evidence: one shared Exchange record (main/evidence/exchange.ts) per frame that
// crossed the wire, made from the frame and the message it was already decoded to — never
// decoded a second time for the record. Secret TLVs (PIN, PUK, password) are masked in both
// the hex and the fields before the record exists.

import type { ExchangeInit, QmiDecoded } from '../evidence/exchange.ts';
import type { QmiFrame } from './frame.ts';
import { redactedHex, secretTlvsOf, type DecodedMessage } from './message-codec.ts';

/** Names of the secret TLVs (PIN, PUK, password) this frame carries, by its declaration. */
function secretsIn(frame: QmiFrame): string[] {
  const { names } = secretTlvsOf(frame);
  if (names.length === 0) return [];
  return names.filter(([, type]) => frame.tlvs.some((t) => t.type === type)).map(([name]) => name);
}

/** One frame we sent ('tx') or received ('rx'), with what it decoded to. */
export function frameExchange(port: string, direction: 'tx' | 'rx', frame: QmiFrame, message: DecodedMessage): ExchangeInit {
  const masked = secretsIn(frame);
  const fields: Record<string, unknown> = { ...message.fields };
  for (const name of masked) if (name in fields) fields[name] = '[secret]';
  const decoded: QmiDecoded = {
    service: message.service.name,
    message: message.message.name,
    kind: message.kind,
    transactionId: message.transactionId,
    clientId: message.clientId,
    fields,
  };
  if (message.result) {
    decoded.result = { ok: message.result.status === 'success', code: message.result.error };
    if (message.result.status !== 'success') decoded.result.error = message.result.errorName;
  }
  const init: ExchangeInit = { port, protocol: 'qmi', direction, raw: redactedHex(frame), decoded };
  if (masked.length > 0) init.redacted = masked;
  // Per-TLV problems: the rest of the message still decoded, and the record says what did not.
  if (message.tlvErrors.length > 0) init.error = message.tlvErrors.map((e) => e.message).join('; ');
  return init;
}

/** Bytes that were not a valid frame ('rx'), or a note on what we did about the wire (bytes optional). */
export function wireNote(port: string, direction: 'rx' | 'note', text: string, bytes?: Uint8Array): ExchangeInit {
  return { port, protocol: 'qmi', direction, raw: bytes ? Buffer.from(bytes).toString('hex') : '', error: text };
}
