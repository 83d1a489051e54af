// What a QMI message handler sees: the modem, its profile, and the per-port client state
// (CIDs and which indications each client asked for).

import type { ModemModel } from '../model.ts';
import type { ModemProfile } from '../profiles/index.ts';
import type { Reply, Values } from './reply.ts';

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

export type Handler = (req: Values, ctx: QmiContext) => Reply;
export type HandlerTable = Readonly<Record<string, Handler>>;
