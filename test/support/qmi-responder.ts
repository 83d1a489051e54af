// A deliberately small QMI responder on a real PTY, for testing the client without the full
// virtual modem: it answers CTL and a few DMS messages, counts client ids, and lets each test
// change its behaviour (delays, silence, errors, indications).

import { encodeMessage, decodeMessage } from '../../main/qmi/message-codec.ts';
import { QmuxFrameReader } from '../../main/qmi/frame-stream.ts';
import { buildFrame, type QmiFrame } from '../../main/qmi/frame.ts';
import { CTL, DMS } from '../../main/qmi/services/index.ts';
import { openPty, type PtyPort } from '../../main/simulator/pty.ts';

export interface ResponderStats {
  allocated: { service: number; clientId: number }[];
  released: { service: number; clientId: number }[];
  syncs: number;
  requests: QmiFrame[];
}

export interface Responder {
  path: string;
  pty: PtyPort;
  stats: ResponderStats;
  /** Per message "service:id" → delay in ms before answering (default 0). */
  delays: Map<string, number>;
  /** Messages never answered. */
  silent: Set<string>;
  /** Answer the next N Allocate CID requests with CLIENT_IDS_EXHAUSTED. */
  exhaustNext: number;
  send(bytes: Buffer): void;
  close(): Promise<void>;
}

export async function startResponder(path: string): Promise<Responder> {
  const pty = await openPty(path);
  let nextCid = 1;
  const r: Responder = {
    path, pty,
    stats: { allocated: [], released: [], syncs: 0, requests: [] },
    delays: new Map(), silent: new Set(), exhaustNext: 0,
    send: (b) => pty.write(b),
    close: () => pty.close(),
  };
  const reply = (frame: QmiFrame, bytes: Buffer): void => {
    const d = r.delays.get(`${frame.service}:${frame.messageId}`) ?? 0;
    if (d > 0) setTimeout(() => pty.write(bytes), d); else pty.write(bytes);
  };
  const reader = new QmuxFrameReader({
    frame: (f) => {
      if (f.kind !== 'request') return;
      r.stats.requests.push(f);
      if (r.silent.has(`${f.service}:${f.messageId}`)) return;
      const m = decodeMessage(f);
      const ids = { clientId: f.clientId, transactionId: f.transactionId };
      if (f.service === CTL.id) {
        if (f.messageId === CTL.messages.allocateCid.id) {
          if (r.exhaustNext > 0) {
            r.exhaustNext--;
            reply(f, encodeMessage(CTL, CTL.messages.allocateCid, 'response', {}, { ...ids, result: { error: 'client-ids-exhausted' } }));
            return;
          }
          const service = m.fields.service as number;
          const a = { service, clientId: nextCid++ };
          r.stats.allocated.push(a);
          reply(f, encodeMessage(CTL, CTL.messages.allocateCid, 'response', { allocation: a }, ids));
        } else if (f.messageId === CTL.messages.releaseCid.id) {
          const rel = m.fields.release as { service: number; clientId: number };
          r.stats.released.push(rel);
          reply(f, encodeMessage(CTL, CTL.messages.releaseCid, 'response', { release: rel }, ids));
        } else if (f.messageId === CTL.messages.sync.id) {
          r.stats.syncs++;
          reply(f, encodeMessage(CTL, CTL.messages.sync, 'response', {}, ids));
        } else {
          reply(f, buildFrame({ service: 0, clientId: 0, kind: 'response', transactionId: f.transactionId, messageId: f.messageId,
            tlvs: [{ type: 2, value: Buffer.from([1, 0, 71, 0]) }] }));
        }
        return;
      }
      if (f.service === DMS.id && f.messageId === DMS.messages.getIds.id) {
        // The IMEI carries the transaction id, so a test can see each reply reached its own request.
        reply(f, encodeMessage(DMS, DMS.messages.getIds, 'response', { imei: `35000000000${String(f.transactionId).padStart(4, '0')}` }, ids));
        return;
      }
      reply(f, buildFrame({ service: f.service, clientId: f.clientId, kind: 'response', transactionId: f.transactionId, messageId: f.messageId,
        tlvs: [{ type: 2, value: Buffer.from([1, 0, 71, 0]) }] }));
    },
  });
  pty.on('data', (d) => reader.push(d));
  return r;
}
