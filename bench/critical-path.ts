// The modem's own limit for one diagnosis: the longest chain of replies where each request had
// to wait for an earlier reply, computed from the transcript (the ExchangeLog a diagnosis
// returns). Every reply costs the modem its latency (the simulator's --latency-qmi / --latency-at);
// replies that did not have to wait for each other overlap. Our overhead is wall time / this.
//
// A request waits for an earlier reply when (and only when):
//  1. AT: it is the next command on the same port. One command line at a time: the next may be
//     sent only after the final result code of the one before (ITU-T V.250 §5.2.1, §5.7).
//  2. QMI: it uses a client id, which the CTL Allocate CID reply gave; every allocation waits for
//     the CTL Sync that came before it (Sync releases every client id, so an allocation sent
//     before its reply could be undone); a CTL Release CID waits for every reply on that client.
//  3. Data: it needs a value from an earlier reply (DATA_DEPENDENCIES below, by message name):
//     the SIM's identity is read once its card status says the PIN is not in the way; a profile's
//     settings once the profile list names it; a test call once registration, the profile and
//     the packet service status are known.
// A request that none of these rules names is independent: the chain is the shortest any
// program could achieve with the same requests, so the ratio measures all of our overhead
// (port opening, /proc scans, event loop, ordering), not only per-reply cost.

import type { Exchange, QmiDecoded } from '../main/evidence/exchange.ts';
import { serviceById } from '../main/qmi/message-codec.ts';

/** Which earlier replies (by "SERVICE Message") a request needs the values of. */
export const DATA_DEPENDENCIES: Readonly<Record<string, readonly string[]>> = {
  'UIM Read Transparent': ['UIM Get Card Status'],
  'DMS UIM Get ICCID': ['UIM Get Card Status'],
  'DMS UIM Get IMSI': ['UIM Get Card Status'],
  'DMS UIM Get PIN Status': ['UIM Get Card Status'],
  'WDS Get Profile Settings': ['WDS Get Profile List', 'WDS Get Default Profile Number'],
  'WDS Get Current Settings': ['WDS Get Packet Service Status'],
  'WDS Start Network': ['NAS Get Serving System', 'WDS Get Profile Settings', 'WDS Get Packet Service Status'],
  'WDS Stop Network': ['WDS Start Network'],
  'WDS Get Extended Error': ['WDS Start Network'],
};

export interface Latencies { qmi: number; at: number }

interface Node {
  name: string;
  protocol: 'qmi' | 'at';
  txSeq: number;
  rxSeq: number;
  deps: Node[];
  finish?: number;
}

export interface CriticalPath {
  /** ms the modem needs at least: the sum of reply latencies along the longest chain. */
  ms: number;
  /** The chain, first request first ("CTL Sync", "CTL Allocate CID", ...). */
  chain: string[];
  /** Requests that got a reply (AT commands and QMI requests). */
  requests: number;
  /** Requests with no reply in the transcript (timeouts): left out of the chain. */
  unanswered: number;
}

const qmiName = (d: QmiDecoded): string => `${d.service} ${d.message}`;

export function criticalPath(transcript: readonly Exchange[], latency: Latencies): CriticalPath {
  const nodes: Node[] = [];
  const pendingQmi = new Map<string, Node>();
  const lastAt = new Map<string, Node>(); // port -> its latest command
  const openAt = new Map<string, Node>(); // port -> the command whose reply is still coming
  const allocationOf = new Map<string, Node>(); // "service/cid" -> the Allocate CID that gave it
  const onClient = new Map<string, Node[]>(); // "service/cid" -> requests on it
  const latestReply = new Map<string, Node>(); // message name -> the latest answered request
  let lastSync: Node | undefined;
  let unanswered = 0;

  for (const e of [...transcript].sort((a, b) => a.seq - b.seq)) {
    if (e.direction === 'note') continue;
    if (e.protocol === 'at') {
      if (e.direction === 'tx') {
        const prev = lastAt.get(e.port);
        const n: Node = { name: `AT ${e.raw.trim()}`, protocol: 'at', txSeq: e.seq, rxSeq: -1, deps: prev ? [prev] : [] };
        if (openAt.has(e.port)) unanswered += 1;
        openAt.set(e.port, n);
        lastAt.set(e.port, n);
        nodes.push(n);
      } else {
        const n = openAt.get(e.port);
        if (n) n.rxSeq = e.seq; // the last line read before the next command: its final result
      }
      continue;
    }
    const d = e.decoded as QmiDecoded | undefined;
    if (!d) continue;
    const service = d.service;
    const key = `${service}/${d.clientId}/${d.transactionId}`;
    if (e.direction === 'tx' && d.kind === 'request') {
      const name = qmiName(d);
      const deps: Node[] = [];
      if (service === 'CTL') {
        if (d.message === 'Allocate CID' && lastSync) deps.push(lastSync);
        if (d.message === 'Release CID') {
          const alloc = d.fields?.release as { service?: number | string; clientId?: number } | undefined;
          const client = alloc ? onClient.get(`${serviceName(alloc.service)}/${alloc.clientId}`) : undefined;
          if (client) deps.push(...client);
        }
      } else {
        const alloc = allocationOf.get(`${service}/${d.clientId}`);
        if (alloc) deps.push(alloc);
      }
      for (const need of DATA_DEPENDENCIES[name] ?? []) {
        const r = latestReply.get(need);
        if (r) deps.push(r);
      }
      const n: Node = { name, protocol: 'qmi', txSeq: e.seq, rxSeq: -1, deps };
      pendingQmi.set(key, n);
      nodes.push(n);
      if (service !== 'CTL') {
        const c = `${service}/${d.clientId}`;
        onClient.set(c, [...(onClient.get(c) ?? []), n]);
      }
      continue;
    }
    if (e.direction === 'rx' && d.kind === 'response') {
      const n = pendingQmi.get(key);
      if (!n) continue;
      pendingQmi.delete(key);
      n.rxSeq = e.seq;
      latestReply.set(n.name, n);
      if (n.name === 'CTL Sync') lastSync = n;
      const given = d.fields?.allocation as { service?: number | string; clientId?: number } | undefined;
      if (n.name === 'CTL Allocate CID' && given) {
        // The allocation names the service by number; requests name it by name.
        allocationOf.set(`${serviceName(given.service)}/${given.clientId}`, n);
      }
    }
  }
  unanswered += pendingQmi.size + nodes.filter((n) => n.protocol === 'at' && n.rxSeq < 0).length;
  // Nodes are in send order and every dependency was sent earlier: one pass finds the chain.
  let best: Node | undefined;
  const from = new Map<Node, Node | undefined>();
  for (const n of nodes) {
    if (n.rxSeq < 0) continue;
    let start = 0;
    let via: Node | undefined;
    for (const d of n.deps) if (d.finish !== undefined && d.finish > start) { start = d.finish; via = d; }
    n.finish = start + (n.protocol === 'qmi' ? latency.qmi : latency.at);
    from.set(n, via);
    if (!best || n.finish > (best.finish ?? 0)) best = n;
  }
  const chain: string[] = [];
  for (let n = best; n; n = from.get(n)) chain.unshift(n.name);
  return { ms: best?.finish ?? 0, chain, requests: nodes.filter((n) => n.rxSeq >= 0).length, unanswered };
}

const serviceName = (s: number | string | undefined): string => (typeof s === 'number' ? serviceById(s)?.name ?? String(s) : String(s));
