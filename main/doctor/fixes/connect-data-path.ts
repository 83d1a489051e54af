// The connect test's second half: with the data session up, do packets pass? Where the modem's
// network interface is in this network namespace and we may configure it (root), ask for a DHCP
// lease with busybox udhcpc (the client OpenWrt uses), ping the gateway the lease names, and look
// a name up through the session's DNS server. No lease means nothing came back through the modem:
// the interface's counters (rtnetlink) then say whether the kernel sent and the modem stayed
// silent — the data format mismatch's signature. Afterwards the lease's address and routes are
// taken off the interface again, unless the user keeps the session.

import fs from 'node:fs';
import path from 'node:path';
import { dhcpOnInterface, dropLease, type DhcpOptions } from '../../system/dhcp-client.ts';
import { lookupThrough } from '../../system/dns-lookup.ts';
import { counterGrowth, readIpLink, type IpLink } from '../../system/kernel-counters.ts';
import { KernelError } from '../../system/kernel-errors.ts';
import { pingOnce } from '../../system/ping.ts';
import { explainSilence } from '../../system/silent-interface.ts';
import type { SessionSettings } from '../facts.ts';
import type { Progress } from '../fix.ts';

/** The name looked up through the session's DNS: reserved for examples (RFC 2606), always there. */
export const CHECK_NAME = 'example.com';

export type DhcpStep =
  | { ok: true; client: string; address: string; prefixLength: number; router?: string; dns: string[]; mtu?: number; leaseSeconds?: number; durationMs: number }
  | { ok: false; client: string; reason: string; message: string };

export interface DataPathResult {
  iface: string;
  /** Why packets were not tried (no such interface here, not root...): the rest is then absent. */
  skipped?: string;
  dhcp?: DhcpStep;
  ping?: { target: string; ok: true; rttMs: number } | { target: string; ok: false; message: string };
  dns?: { server: string; name: string; ok: true; addresses: string[]; durationMs: number } | { server: string; name: string; ok: false; message: string };
  /** How the interface's counters grew while the client talked (rtnetlink). */
  counters?: { txPackets: number; rxPackets: number };
  /** No lease, and the counters say why. */
  silence?: { suggests: 'data-format-mismatch'; message: string };
  /** What became of the lease: given back (the default), kept (--keep), or what went wrong. */
  lease?: 'dropped' | 'kept' | 'none';
  leaseDropError?: string;
  /** Lease, gateway ping and DNS all answered. */
  ok: boolean;
  message: string;
}

export interface DataPathOptions {
  keep: boolean;
  /** The target's sysfs root: a tree other than /sys must vouch for the interface (its ifindex). */
  sysfsRoot?: string;
  progress: (p: Progress) => void;
  /** Overrides for tests: whether we are root, udhcpc's tries. */
  isRoot?: boolean;
  dhcp?: Pick<DhcpOptions, 'tries' | 'secondsPerTry'>;
}

/**
 * The interface when it is here and ours to use, else why not. A sysfs tree other than the
 * machine's (a virtual modem's) names an interface that may only be a file: it is used only when
 * the tree's ifindex is the one rtnetlink gives that name, so a test's virtual wwan0 never sends
 * packets into a real modem's wwan0 of the same name.
 */
async function usableInterface(iface: string, opts: DataPathOptions): Promise<IpLink | string> {
  if (!(opts.isRoot ?? process.getuid?.() === 0)) {
    return 'the data path was not tried: udhcpc configures the interface, which needs root (run the connect test as root to get a lease, ping and DNS)';
  }
  let link: IpLink;
  try {
    link = await readIpLink(iface);
  } catch (e) {
    if (e instanceof KernelError && e.code === 'not-found') return `the data path was not tried: there is no network interface ${iface} here`;
    return `the data path was not tried: ${(e as Error).message}`;
  }
  const root = opts.sysfsRoot;
  if (root && path.resolve(root) !== '/sys') {
    let index: number | undefined;
    try { index = Number(fs.readFileSync(path.join(root, 'class', 'net', iface, 'ifindex'), 'utf8').trim()); } catch { /* not a real interface */ }
    if (index !== link.ifindex) return `the data path was not tried: the ${iface} of ${root} is not this machine's interface of that name`;
  }
  return link;
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Runs the data path checks on `iface` while the session (with `settings`) is up. */
export async function testDataPath(iface: string, settings: SessionSettings | undefined, opts: DataPathOptions): Promise<DataPathResult> {
  const link = await usableInterface(iface, opts);
  if (typeof link === 'string') return { iface, skipped: link, ok: false, message: `${link[0]!.toUpperCase()}${link.slice(1)}.` };
  const before = link.counters;
  opts.progress({ step: `asking for a DHCP lease on ${iface} (udhcpc)` });
  const got = await dhcpOnInterface(iface, { tries: opts.dhcp?.tries ?? 3, secondsPerTry: opts.dhcp?.secondsPerTry ?? 2 });
  const after = await readIpLink(iface).then((l) => l.counters, () => undefined);
  const growth = after ? counterGrowth(before, after) : undefined;
  const counters = growth ? { counters: { txPackets: growth.txPackets, rxPackets: growth.rxPackets } } : {};
  if (!got.ok) {
    const silence = growth ? explainSilence(iface, growth) : undefined;
    const client = 'busybox udhcpc';
    const words = [`No DHCP lease on ${iface} (${client}): ${got.message}`];
    if (silence) words.push(silence.message);
    else if (growth) words.push(`${iface}: TX ${plural(growth.txPackets, 'packet')}, RX ${plural(growth.rxPackets, 'packet')}.`);
    return {
      iface, dhcp: { ok: false, client, reason: got.reason, message: got.message }, ...counters,
      ...(silence ? { silence } : {}), lease: 'none', ok: false, message: words.join(' '),
    };
  }
  const l = got.lease;
  const dhcp: DhcpStep = {
    ok: true, client: got.client, address: l.address, prefixLength: l.prefixLength, ...(l.router ? { router: l.router } : {}),
    dns: l.dns, ...(l.mtu !== undefined ? { mtu: l.mtu } : {}), ...(l.leaseSeconds !== undefined ? { leaseSeconds: l.leaseSeconds } : {}),
    durationMs: got.durationMs,
  };
  const words = [`Lease ${l.address}/${l.prefixLength} on ${iface} from ${got.client} in ${got.durationMs} ms.`];
  const result: DataPathResult = { iface, dhcp, ...counters, ok: false, message: '' };

  const gateway = l.router ?? settings?.gateway;
  if (gateway) {
    opts.progress({ step: `pinging the gateway ${gateway}` });
    const p = await pingOnce(gateway, { iface });
    result.ping = p.ok ? { target: gateway, ok: true, rttMs: p.rttMs } : { target: gateway, ok: false, message: p.message };
    words.push(p.ok ? `The gateway ${gateway} answered a ping in ${p.rttMs} ms.` : `The gateway did not answer: ${p.message}`);
  } else {
    words.push('Neither the lease nor the session names a gateway to ping.');
  }

  const server = settings?.dns?.[0] ?? l.dns[0];
  if (server) {
    opts.progress({ step: `looking up ${CHECK_NAME} through ${server}` });
    const d = await lookupThrough(server, CHECK_NAME);
    result.dns = d.ok ? { server, name: CHECK_NAME, ok: true, addresses: d.addresses, durationMs: d.durationMs } : { server, name: CHECK_NAME, ok: false, message: d.message };
    words.push(d.ok ? `DNS ${server} answered ${CHECK_NAME} (${d.addresses.join(', ')}).` : `DNS failed: ${d.message}`);
  } else {
    words.push('No DNS server to ask.');
  }

  if (opts.keep) {
    result.lease = 'kept';
    words.push(`The address stays on ${iface}.`);
  } else {
    opts.progress({ step: `giving back the address on ${iface}` });
    const dropped = await dropLease(iface, l);
    result.lease = 'dropped';
    if (!dropped.ok) {
      result.leaseDropError = dropped.message;
      words.push(`Taking the address off ${iface} failed: ${dropped.message}`);
    }
  }
  result.ok = result.ping?.ok === true && result.dns?.ok === true;
  result.message = words.join(' ');
  return result;
}
