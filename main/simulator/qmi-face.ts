// The QMI face of one cdc-wdm stand-in: reassembles request frames, answers each from the
// declared message's handler (unknown or undeclared ones: INVALID_QMI_COMMAND), keeps this
// port's client ids, and sends indications (NAS to clients that registered, WDS packet service
// status to the broadcast CID) when the model changes.

import { QmuxFrameReader } from '../qmi/frame-stream.ts';
import { BROADCAST_CID, type QmiFrame } from '../qmi/frame.ts';
import { decodeTlvs, messageById } from '../qmi/message-codec.ts';
import type { MessageDecl, ServiceDecl } from '../qmi/schema.ts';
import { NAS, WDS } from '../qmi/services/index.ts';
import type { ChangeKind, ModemModel } from './model.ts';
import type { ModemProfile } from './profiles/index.ts';
import type { PortHost } from './port-host.ts';
import type { IndicationOf, PortClients, QmiContext } from './qmi/context.ts';
import { SERVICE_HANDLERS, type ServiceHandlers } from './qmi/handlers.ts';
import { servingSystemIndication, signalInfoValues, systemInfoValues } from './qmi/nas.ts';
import { bareResponse, indicationFrame, responseFrame, type Reply } from './qmi/reply.ts';
import { packetStatus } from './qmi/wds.ts';

export class QmiFace {
  readonly clients: PortClients = { cids: new Map() };
  private readonly host: PortHost;
  private readonly model: ModemModel;
  private readonly profile: ModemProfile;
  private readonly reader: QmuxFrameReader;
  private readonly onChange = (k: ChangeKind): void => this.changed(k);
  private readonly byService = new Map<number, ServiceHandlers>(SERVICE_HANDLERS.map((s) => [s.service.id, s]));

  constructor(host: PortHost, model: ModemModel, profile: ModemProfile) {
    this.host = host;
    this.model = model;
    this.profile = profile;
    this.reader = new QmuxFrameReader({ frame: (f) => this.handle(f) });
    host.onData((d) => this.reader.push(d));
    model.on('change', this.onChange);
  }

  close(): void {
    this.model.off('change', this.onChange);
  }

  /** Answers one request frame; exposed for tests that skip the PTY (side effects run at once). */
  answer(frame: QmiFrame): Buffer | null {
    const r = this.respond(frame);
    r?.after?.();
    return r?.out ?? null;
  }

  private respond(frame: QmiFrame): { out: Buffer; after?: () => void } | null {
    if (frame.kind !== 'request') return null;
    const entry = this.byService.get(frame.service);
    const found = entry ? messageById(entry.service, frame.messageId, 'request') : undefined;
    const handler = found ? entry?.handlers[found.key] : undefined;
    if (!entry || !found || !handler) {
      return { out: bareResponse(frame.service, frame.messageId, 'invalid-qmi-command', frame.clientId, frame.transactionId) };
    }
    if (frame.service !== 0 && !this.clients.cids.get(frame.service)?.has(frame.clientId)) {
      return { out: bareResponse(frame.service, frame.messageId, 'invalid-client-id', frame.clientId, frame.transactionId) };
    }
    const decoded = decodeTlvs(frame, found.decl.request);
    if (decoded.tlvErrors.length > 0) {
      const missing = decoded.tlvErrors.some((e) => e.code === 'missing');
      return { out: responseFrame(entry.service, found.decl, { values: {}, error: missing ? 'missing-argument' : 'malformed-message' }, frame.clientId, frame.transactionId) };
    }
    const ctx: QmiContext = { model: this.model, profile: this.profile, clients: this.clients, serviceId: frame.service, clientId: frame.clientId };
    let reply: Reply;
    try {
      reply = handler(decoded.fields, ctx);
      return { out: responseFrame(entry.service, found.decl, reply, frame.clientId, frame.transactionId), after: reply.after };
    } catch {
      // A handler bug must not kill the port: answer as a firmware would on an internal fault.
      return { out: bareResponse(frame.service, frame.messageId, 'internal', frame.clientId, frame.transactionId) };
    }
  }

  private handle(frame: QmiFrame): void {
    const r = this.respond(frame);
    if (r) this.host.reply(r.out, r.after);
  }

  private indicate<M extends MessageDecl>(service: ServiceDecl, decl: M, values: IndicationOf<M>, cid: number): void {
    void this.host.unsolicited(indicationFrame(service, decl, values, cid));
  }

  private changed(kind: ChangeKind): void {
    if (kind === 'connection' && (this.clients.cids.get(WDS.id)?.size ?? 0) > 0) {
      // Packet Service Status is always on: one broadcast to every WDS client.
      this.indicate(WDS, WDS.messages.getPacketServiceStatus, {
        connectionStatus: { status: packetStatus(this.model), reconfigurationRequired: false },
      }, BROADCAST_CID);
    }
    const nas = this.clients.cids.get(NAS.id);
    if (!nas) return;
    for (const [cid, st] of nas) {
      if ((kind === 'registration' || kind === 'sim' || kind === 'operating-mode') && st.nas.servingSystem) {
        this.indicate(NAS, NAS.messages.getServingSystem, servingSystemIndication(this.model), cid);
      }
      if ((kind === 'registration' || kind === 'sim' || kind === 'operating-mode') && st.nas.systemInfo) {
        this.indicate(NAS, NAS.messages.systemInfo, systemInfoValues(this.model), cid);
      }
      if (kind === 'signal' && st.nas.signalInfo) {
        this.indicate(NAS, NAS.messages.signalInfo, signalInfoValues(this.model), cid);
      }
    }
  }
}
