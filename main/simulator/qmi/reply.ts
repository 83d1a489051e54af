// Building the modem's frames from declarations with the one message codec: it writes the
// result TLV and spares a failed response (a real CALL_FAILED Start Network has no packet data
// handle) and an indication the TLVs the declaration calls mandatory.

import { encodeMessage } from '../../qmi/message-codec.ts';
import type { MessageDecl, ServiceDecl } from '../../qmi/schema.ts';
import type { IndicationOf } from './context.ts';

export type Values = Record<string, unknown>;

/** A handler's answer: values for the response TLVs, and an error name (libqmi's, hyphenated). */
export interface Reply<V = Values> {
  values: V;
  error?: string;
  /** Runs once the response has been written (a reset must follow its response). */
  after?: () => void;
}

// NoInfer: V comes from where the reply goes (a handler's declared response type), never from
// the values written here, so a misspelled or mistyped response field is a compile error.
export const success = <V extends object = Values>(values: NoInfer<V> = {} as V): Reply<V> => ({ values });
export const failure = <V extends object = Values>(error: string, values: NoInfer<V> = {} as V): Reply<V> => ({ values, error });

export function responseFrame(service: ServiceDecl, decl: MessageDecl, reply: Reply, clientId: number, transactionId: number): Buffer {
  return encodeMessage(service, decl, 'response', reply.values, {
    clientId, transactionId, ...(reply.error === undefined ? {} : { result: { error: reply.error } }),
  });
}

/** A response for a message id nobody declared (INVALID_QMI_COMMAND, result TLV only): the
 *  codec is given an empty declaration for that id, so it writes nothing but the result. */
export function bareResponse(serviceId: number, messageId: number, error: string, clientId: number, transactionId: number): Buffer {
  const service: ServiceDecl = { id: serviceId, name: `service-${serviceId}`, messages: {} };
  return encodeMessage(service, { id: messageId, name: `message-${messageId}` }, 'response', {}, { clientId, transactionId, result: { error } });
}

export function indicationFrame<M extends MessageDecl>(service: ServiceDecl, decl: M, values: IndicationOf<M>, clientId: number): Buffer {
  return encodeMessage(service, decl, 'indication', values, { clientId, transactionId: 0 });
}
