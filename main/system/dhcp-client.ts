// A DHCP lease on a modem's network interface, with busybox udhcpc (Debian package udhcpc; the
// client OpenWrt uses on wwan0): the connect test's proof that packets pass both ways. udhcpc
// hands the lease to a script in its environment (busybox networking/udhcp/dhcpc.c: ip, subnet,
// router, dns, mtu, lease, serverid); ours applies only the address, the MTU and a host route to
// each DNS server through the gateway — never a default route, so the machine's other
// connections are untouched — and prints the lease for us to read. Debian's default script
// would rewrite /etc/resolv.conf, which a diagnosis must not do.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { interfaceNameProblem } from './net-interface-name.ts';

export interface DhcpLease {
  address: string;
  subnet: string;
  /** The subnet mask as a prefix length (30 for 255.255.255.252). */
  prefixLength: number;
  /** The first router the server named (the gateway), if any. */
  router: string | undefined;
  dns: string[];
  mtu: number | undefined;
  leaseSeconds: number | undefined;
  /** The server that gave it (option 54). */
  serverId: string | undefined;
}

export type DhcpOutcome =
  | { ok: true; lease: DhcpLease; durationMs: number; output: string; client: string }
  | { ok: false; reason: 'no-lease' | 'no-client' | 'bad-name' | 'failed'; message: string; output: string };

export interface DhcpOptions {
  /** DISCOVERs to send before giving up (udhcpc -t); default 3. */
  tries?: number;
  /** Seconds to wait for an answer to each (udhcpc -T); default 2. */
  secondsPerTry?: number;
  /** The udhcpc program; found on PATH (plus /usr/sbin and /sbin) by default. */
  command?: string;
  /** argv run in front of udhcpc, e.g. `nsenter -t PID -n` for another network namespace. */
  prefix?: readonly string[];
}

const MARK = 'MODEM_DOCTOR_LEASE_';

// Fixed text: udhcpc passes the lease in the environment; nothing from us is spliced in.
const SCRIPT = [
  '#!/bin/sh',
  'case "$1" in',
  '  deconfig) ip link set dev "$interface" up ;;',
  '  bound|renew)',
  '    ip addr replace "$ip/${mask:-$subnet}" dev "$interface" || exit 1',
  '    [ -n "$mtu" ] && ip link set dev "$interface" mtu "$mtu"',
  '    set -- $router',
  '    if [ -n "$1" ]; then for d in $dns; do ip route replace "$d" via "$1" dev "$interface"; done; fi',
  ...['ip', 'subnet', 'router', 'dns', 'mtu', 'lease', 'serverid'].map((k) => `    echo "${MARK}${k}=$${k}"`),
  '    ;;',
  'esac',
  'exit 0',
  '',
].join('\n');

/** The prefix length of a dotted mask, or undefined when it is not a contiguous mask. */
export function prefixLengthOf(mask: string): number | undefined {
  const parts = mask.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  const bits = parts.map((p) => p.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? bits.indexOf('0') === -1 ? 32 : bits.indexOf('0') : undefined;
}

/** The lease our script printed, from udhcpc's output; undefined when there is none. */
export function parseLease(output: string): DhcpLease | undefined {
  const v = new Map<string, string>();
  for (const line of output.split('\n')) {
    if (line.startsWith(MARK)) {
      const eq = line.indexOf('=');
      v.set(line.slice(MARK.length, eq), line.slice(eq + 1).trim());
    }
  }
  const address = v.get('ip');
  const subnet = v.get('subnet');
  if (!address || !subnet) return undefined;
  const num = (k: string): number | undefined => {
    const n = Number(v.get(k));
    return v.get(k) && Number.isInteger(n) ? n : undefined;
  };
  const words = (k: string): string[] => (v.get(k) ?? '').split(/\s+/).filter(Boolean);
  return {
    address, subnet, prefixLength: prefixLengthOf(subnet) ?? 32, router: words('router')[0], dns: words('dns'),
    mtu: num('mtu'), leaseSeconds: num('lease'), serverId: v.get('serverid') || undefined,
  };
}

/** The client as it names itself ("udhcpc: started, v1.36.1"): "busybox udhcpc 1.36.1". */
export function clientName(output: string): string {
  const v = /udhcpc: started, v([\w.-]+)/.exec(output)?.[1];
  return v ? `busybox udhcpc ${v}` : 'busybox udhcpc';
}

/**
 * Gives back what a lease configured (the script above): the host routes to the DNS servers,
 * then the address. udhcpc has already quit (-q), so there is no client left to release it:
 * the address goes, and the server's lease simply runs out. Each removal that finds nothing to
 * remove (already gone) counts as done; anything else is reported.
 */
export async function dropLease(iface: string, lease: DhcpLease, opts: Pick<DhcpOptions, 'prefix'> = {}): Promise<{ ok: true } | { ok: false; message: string }> {
  const problem = interfaceNameProblem(iface);
  if (problem) return { ok: false, message: `"${iface}": ${problem}.` };
  const env = { ...process.env, PATH: `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/sbin:/sbin` };
  const ip = (args: string[]): Promise<string | undefined> => new Promise((resolve) => {
    const argv = [...(opts.prefix ?? []), 'ip', ...args];
    execFile(argv[0]!, argv.slice(1), { env, timeout: 5000, encoding: 'utf8' }, (err, _out, stderr) => {
      // ESRCH ("No such process") / EADDRNOTAVAIL ("Cannot assign"): it was not there.
      if (!err || /No such process|Cannot assign requested address|does not exist/i.test(stderr)) resolve(undefined);
      else resolve(`ip ${args.join(' ')}: ${stderr.trim() || err.message}`);
    });
  });
  const failures: string[] = [];
  if (lease.router) {
    for (const d of lease.dns) {
      const f = await ip(['route', 'del', d, 'via', lease.router, 'dev', iface]);
      if (f) failures.push(f);
    }
  }
  const f = await ip(['addr', 'del', `${lease.address}/${lease.prefixLength}`, 'dev', iface]);
  if (f) failures.push(f);
  return failures.length ? { ok: false, message: failures.join('; ') } : { ok: true };
}

/**
 * Asks for a lease on `iface` and, when one comes, configures its address (see above). Needs
 * root (udhcpc opens a raw socket and sets the address).
 */
export async function dhcpOnInterface(iface: string, opts: DhcpOptions = {}): Promise<DhcpOutcome> {
  const problem = interfaceNameProblem(iface);
  if (problem) return { ok: false, reason: 'bad-name', message: `"${iface}": ${problem}.`, output: '' };
  const tries = opts.tries ?? 3;
  const perTry = opts.secondsPerTry ?? 2;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-dhcp-'));
  const script = path.join(dir, 'lease.sh');
  fs.writeFileSync(script, SCRIPT, { mode: 0o700 });
  const env = { ...process.env, PATH: `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/sbin:/sbin` };
  const started = Date.now();
  try {
    return await new Promise<DhcpOutcome>((resolve) => {
      // -f foreground, -q quit once leased, -n give up when no lease (exit 1).
      const argv = [...(opts.prefix ?? []), opts.command ?? 'udhcpc', '-i', iface, '-f', '-q', '-n', '-t', String(tries), '-T', String(perTry), '-s', script];
      execFile(argv[0]!, argv.slice(1),
        { env, timeout: (tries * perTry + 5) * 1000, encoding: 'utf8' }, (err, stdout, stderr) => {
          const output = `${stdout}${stderr}`;
          const durationMs = Date.now() - started;
          const lease = parseLease(stdout);
          if (!err && lease) return resolve({ ok: true, lease, durationMs, output, client: clientName(output) });
          const code = (err as { code?: unknown } | null)?.code;
          if (code === 'ENOENT') {
            return resolve({ ok: false, reason: 'no-client', output,
              message: 'The DHCP client udhcpc (Debian package udhcpc, busybox) is not installed.' });
          }
          if (/no lease/i.test(output)) {
            return resolve({ ok: false, reason: 'no-lease', output,
              message: `No DHCP answer on ${iface} after ${tries} tries of ${perTry} s: nothing came back through the modem.` });
          }
          resolve({ ok: false, reason: 'failed', output,
            message: `udhcpc on ${iface} failed: ${output.trim().split('\n').at(-1) ?? err?.message ?? 'no output'}` });
        });
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
