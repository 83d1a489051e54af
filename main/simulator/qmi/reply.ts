// Building the modem's frames from declarations: a response (result TLV first, then the
// message's TLVs) or an indication. A failed response may leave out TLVs the declaration calls
// mandatory (a real CALL_FAILED Start Network has no packet data handle), so the map is
// relaxed for failures.

import { buildFrame } from '../../qmi/frame.ts';
import { encodeTlvs, RESULT_TLV } from '../../qmi/message-codec.ts';
import { protocolErrorCode } from '../../qmi/protocol-errors.ts';
import type { MessageDecl, ServiceDecl, TlvMap } from '../../qmi/schema.ts';

export type Values = Record<string, unknown>;

/** A handler's answer: values for the response TLVs, and an error name (libqmi's, hyphenated). */
export interface Reply {
  values: Values;
  error?: string;
  /** Runs once the response has been written (a reset must follow its response). */
  after?: () => void;
}

export const success = (values: Values = {}): Reply => ({ values });
export const failure = (error: string, values: Values = {}): Reply => ({ values, error });

function relaxed(map: TlvMap | undefined): TlvMap {
  const out: Record<string, TlvMap[string]> = {};
  for (const [k, d] of Object.entries(map ?? {})) out[k] = { ...d, required: false };
  return out;
}

export function resultTlv(error: string | undefined): { type: number; value: Buffer } {
  const code = error === undefined ? 0 : protocolErrorCode(error);
  if (code === undefined) throw new Error(`unknown QMI error name ${error}`);
  const v = Buffer.alloc(4);
  v.writeUInt16LE(code === 0 ? 0 : 1, 0);
  v.writeUInt16LE(code, 2);
  return { type: RESULT_TLV, value: v };
}

export function responseFrame(service: ServiceDecl, decl: MessageDecl, reply: Reply, clientId: number, transactionId: number): Buffer {
  const map = reply.error ? relaxed(decl.response) : decl.response;
  const tlvs = [resultTlv(reply.error), ...encodeTlvs(map, reply.values, `${service.name}.${decl.name}.response`)];
  return buildFrame({ service: service.id, clientId, kind: 'response', transactionId, messageId: decl.id, tlvs });
}

/** A response for a message id nobody declared (INVALID_QMI_COMMAND, result TLV only). */
export function bareResponse(serviceId: number, messageId: number, error: string, clientId: number, transactionId: number): Buffer {
  return buildFrame({ service: serviceId, clientId, kind: 'response', transactionId, messageId, tlvs: [resultTlv(error)] });
}

export function indicationFrame(service: ServiceDecl, decl: MessageDecl, values: Values, clientId: number): Buffer {
  const tlvs = encodeTlvs(relaxed(decl.indication), values, `${service.name}.${decl.name}.indication`);
  return buildFrame({ service: service.id, clientId, kind: 'indication', transactionId: 0, messageId: decl.id, tlvs });
}
