// CTL: client ids (counted per service, CLIENT_IDS_EXHAUSTED past the profile's limit), version
// info, sync (releases every CID), the legacy data format.

import type { CTL } from '../../qmi/services/index.ts';
import type { HandlerTable, PortClients } from './context.ts';
import { failure, success } from './reply.ts';

function allocate(service: number, clients: PortClients, max: number): number | null {
  let table = clients.cids.get(service);
  if (!table) { table = new Map(); clients.cids.set(service, table); }
  for (let cid = 1; cid <= max; cid++) {
    if (!table.has(cid)) {
      table.set(cid, { nas: { servingSystem: false, systemInfo: false, signalInfo: false }, ipFamily: 4 });
      return cid;
    }
  }
  return null;
}

/** Takes every free client id of `service`, as programs that died without giving theirs back
 *  leave the table; the next Allocate CID gets CLIENT_IDS_EXHAUSTED. Returns how many it took. */
export function takeAllClientIds(clients: PortClients, max: number, service: number): number {
  let n = 0;
  while (allocate(service, clients, max) !== null) n++;
  return n;
}

export const CTL_HANDLERS: HandlerTable<typeof CTL> = {
  setInstanceId: (req) => success({ linkId: 0xff00 | (req.id & 0xff) }),
  getVersionInfo: (_req, ctx) => success({ services: ctx.profile.qmiVersions.map((v) => ({ ...v })) }),
  allocateCid: (req, ctx) => {
    const service = req.service;
    if (service === 0 || !ctx.profile.qmiVersions.some((v) => v.service === service)) {
      return failure('invalid-service-type', { allocation: { service, clientId: 0 } });
    }
    const cid = allocate(service, ctx.clients, ctx.profile.maxClientIds);
    if (cid === null) return failure('client-ids-exhausted', { allocation: { service, clientId: 0 } });
    return success({ allocation: { service, clientId: cid } });
  },
  releaseCid: (req, ctx) => {
    const r = req.release;
    const table = ctx.clients.cids.get(r.service);
    if (!table?.delete(r.clientId)) return failure('invalid-client-id', { release: r });
    return success({ release: r });
  },
  setDataFormat: (req, ctx) => {
    const p = req.protocol;
    if (p === 'raw-ip' || p === '802-3') return success({ protocol: ctx.model.setLinkLayer(p) });
    return success({ protocol: ctx.model.state.dataFormat.linkLayer });
  },
  sync: (_req, ctx) => {
    ctx.clients.cids.clear();
    return success();
  },
  // A device never sees libqmi's proxy-internal message; qmi-proxy answers it itself.
  internalProxyOpen: () => failure('invalid-qmi-command'),
};
