// The operator's DNS server as the virtual modem's network offers it (the session's DNS
// addresses): every A question is answered with one fixed record, so a lookup through the
// session's DNS is seen to work end to end; other types get an empty NOERROR answer (the name
// exists, no record of that type). Message format by dns-packet (RFC 1035 §4).

import dnsPacket from 'dns-packet';
import { PacketError } from './ipv4.ts';

/** The address every A question gets: TEST-NET-1 (RFC 5737), never a real host. */
export const FIXED_A_RECORD = '192.0.2.1';
const TTL_SECONDS = 60;

/** The answer to one DNS query message, or null when it is not a query. */
export function dnsAnswer(query: Buffer): Buffer | null {
  let q;
  try {
    q = dnsPacket.decode(query);
  } catch (e) {
    throw new PacketError(`not a DNS message: ${(e as Error).message}`);
  }
  if (q.type !== 'query' || !q.questions?.length) return null;
  const answers = q.questions.filter((x) => x.type === 'A' && (x.class ?? 'IN') === 'IN')
    .map((x) => ({ type: 'A' as const, name: x.name, ttl: TTL_SECONDS, data: FIXED_A_RECORD }));
  return dnsPacket.encode({
    type: 'response',
    id: q.id ?? 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: q.questions,
    answers,
  });
}
