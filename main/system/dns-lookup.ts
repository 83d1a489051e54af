// A DNS lookup through one given server (the session's DNS), not the machine's resolver: the
// connect test asks the operator's server itself, so the answer proves that server is reachable
// through the modem. Node's own resolver (c-ares) does it, with one try and a time limit.

import { Resolver } from 'node:dns/promises';

export type DnsOutcome =
  | { ok: true; addresses: string[]; durationMs: number }
  | { ok: false; reason: 'timeout' | 'refused' | 'not-found' | 'bad-argument' | 'failed'; message: string };

export async function lookupThrough(server: string, name: string, opts: { timeoutMs?: number } = {}): Promise<DnsOutcome> {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(server)) return { ok: false, reason: 'bad-argument', message: `"${server}" is not an IPv4 address.` };
  const timeoutMs = opts.timeoutMs ?? 2000;
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers([server]);
  const started = Date.now();
  try {
    const addresses = await resolver.resolve4(name);
    return { ok: true, addresses, durationMs: Date.now() - started };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ETIMEOUT') return { ok: false, reason: 'timeout', message: `The DNS server ${server} did not answer within ${timeoutMs} ms.` };
    if (code === 'ECONNREFUSED') return { ok: false, reason: 'refused', message: `The DNS server ${server} refused the query.` };
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { ok: false, reason: 'not-found', message: `The DNS server ${server} answered: no address for ${name}.` };
    return { ok: false, reason: 'failed', message: `Looking up ${name} through ${server} failed: ${(e as Error).message}` };
  } finally {
    resolver.cancel();
  }
}
