// What a QMI message handler sees: the modem, its profile, and the per-port client state
// (CIDs and which indications each client asked for); and the handler tables' types.

import type { MessageDecl, ReplyFields, ReplyOf, RequestOf, ServiceDecl } from '../../qmi/schema.ts';
import type { ModemModel } from '../model.ts';
import type { ModemProfile } from '../profiles/index.ts';
import type { Reply } from './reply.ts';

export interface ClientState {
  /** NAS Register Indications choices. */
  nas: { servingSystem: boolean; systemInfo: boolean; signalInfo: boolean };
  ipFamily: number;
}

export interface PortClients {
  /** service id -> cid -> state */
  cids: Map<number, Map<number, ClientState>>;
}

export interface QmiContext {
  model: ModemModel;
  profile: ModemProfile;
  clients: PortClients;
  serviceId: number;
  clientId: number;
}

/** One message's handler: its request and response value types come from the declaration, so
 *  a field the declaration does not have, or a value of the wrong type, does not compile. */
export type MessageHandler<M extends MessageDecl> = (req: RequestOf<M>, ctx: QmiContext) => Reply<ReplyOf<M>>;

/** The values of a message's indication, as the face sends them. */
export type IndicationOf<M extends MessageDecl> = ReplyFields<NonNullable<M['indication']>>;

/** A service's handlers keyed by its declared message names: a misspelled name does not
 *  compile (an object literal of this type gets TypeScript's excess-property check). */
export type HandlerTable<S extends ServiceDecl> = { readonly [K in keyof S['messages']]?: MessageHandler<S['messages'][K]> };
