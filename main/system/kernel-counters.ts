// Packet and byte counters of a network interface, read through rtnetlink with iproute2's JSON
// output (`ip -j -s link show dev X`). Not from sysfs: under umockdev /sys/class/net is the
// testbed's (a fake rx_packets reads as written) while rtnetlink is the real kernel's, so `ip`
// gives the real counters in both worlds. The counters show the classic framing mismatch:
// TX grows while RX stays at 0.
//
// The JSON is checked field by field: anything missing or of the wrong kind is a typed error
// naming the field, never a crash.

import { execFile } from 'node:child_process';
import { KernelError } from './kernel-errors.ts';
import { interfaceNameProblem } from './net-interface-name.ts';

export interface Counters {
  rxBytes: number; rxPackets: number; rxErrors: number; rxDropped: number;
  txBytes: number; txPackets: number; txErrors: number; txDropped: number;
}

export interface IpLink {
  name: string;
  ifindex: number;
  /** "UP" among the flags: administratively up. */
  adminUp: boolean;
  /** "LOWER_UP": the driver reports a carrier. */
  lowerUp: boolean;
  /** As `ip` prints it: UP, DOWN, UNKNOWN, DORMANT... */
  operstate: string;
  /** "ether" for 802.3 framing, "none" for qmi_wwan in raw-ip mode, "loopback", ... */
  linkType: string;
  mtu: number;
  counters: Counters;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(what: string): KernelError {
  return new KernelError('bad-output', `Unexpected output from \`ip -j -s link\`: ${what}.`);
}

function count(o: Json, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw bad(`${where}.${key} is ${JSON.stringify(v) ?? 'missing'}, not a counter`);
  return v;
}

function text(o: Json, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw bad(`${key} is ${JSON.stringify(v) ?? 'missing'}, not text`);
  return v;
}

/** Parses `ip -j -s link show dev <iface>` output (an array with one link object). */
export function parseIpLinkJson(output: string, iface: string): IpLink {
  let doc: unknown;
  try {
    doc = JSON.parse(output);
  } catch {
    throw bad(`not JSON (${JSON.stringify(output.slice(0, 60))})`);
  }
  if (!Array.isArray(doc)) throw bad('not a list of links');
  const link: unknown = doc.find((l) => isObject(l) && l.ifname === iface);
  if (!isObject(link)) throw bad(`no link named ${iface} in it`);
  // Newer iproute2 prints stats64; older ones "stats" with the same layout.
  const stats = link.stats64 ?? link.stats;
  if (!isObject(stats)) throw bad('no stats64 (was -s given?)');
  const rx = stats.rx;
  const tx = stats.tx;
  if (!isObject(rx) || !isObject(tx)) throw bad('stats64 without rx and tx');
  const flags = link.flags;
  if (!Array.isArray(flags) || !flags.every((f) => typeof f === 'string')) throw bad('flags is not a list of names');
  const ifindex = link.ifindex;
  if (typeof ifindex !== 'number' || !Number.isInteger(ifindex) || ifindex < 1) throw bad(`ifindex is ${JSON.stringify(ifindex) ?? 'missing'}`);
  const mtu = link.mtu;
  if (typeof mtu !== 'number' || !Number.isInteger(mtu) || mtu < 0) throw bad(`mtu is ${JSON.stringify(mtu) ?? 'missing'}`);
  return {
    name: iface,
    ifindex,
    adminUp: flags.includes('UP'),
    lowerUp: flags.includes('LOWER_UP'),
    operstate: text(link, 'operstate'),
    linkType: text(link, 'link_type'),
    mtu,
    counters: {
      rxBytes: count(rx, 'bytes', 'rx'), rxPackets: count(rx, 'packets', 'rx'),
      rxErrors: count(rx, 'errors', 'rx'), rxDropped: count(rx, 'dropped', 'rx'),
      txBytes: count(tx, 'bytes', 'tx'), txPackets: count(tx, 'packets', 'tx'),
      txErrors: count(tx, 'errors', 'tx'), txDropped: count(tx, 'dropped', 'tx'),
    },
  };
}

export interface IpOptions {
  /** The `ip` program; found on PATH (plus /usr/sbin and /sbin, where Debian keeps it) by default. */
  ipCommand?: string;
  timeoutMs?: number;
}

/** The interface's link state and counters through rtnetlink. */
export function readIpLink(iface: string, opts: IpOptions = {}): Promise<IpLink> {
  const problem = interfaceNameProblem(iface);
  if (problem) return Promise.reject(new KernelError('bad-name', `"${iface}": ${problem}.`));
  const env = { ...process.env, PATH: `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/sbin:/sbin` };
  return new Promise((resolve, reject) => {
    execFile(opts.ipCommand ?? 'ip', ['-j', '-s', 'link', 'show', 'dev', iface],
      { env, timeout: opts.timeoutMs ?? 5000, maxBuffer: 1 << 20, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) {
          const code = (err as { code?: unknown }).code;
          if (code === 'ENOENT') return reject(new KernelError('tool-failed', 'The `ip` program (Debian package iproute2) is not installed.', 'ENOENT'));
          if (/does not exist/i.test(stderr)) return reject(new KernelError('not-found', `There is no network interface called ${iface}.`, 'ENODEV'));
          if (err.killed) return reject(new KernelError('tool-failed', `\`ip link show\` did not answer within ${opts.timeoutMs ?? 5000} ms.`));
          return reject(new KernelError('tool-failed', `\`ip link show dev ${iface}\` failed: ${stderr.trim().slice(0, 200) || err.message}`));
        }
        try {
          resolve(parseIpLinkJson(stdout, iface));
        } catch (e) {
          reject(e);
        }
      });
  });
}

/** How much each counter grew between two readings (a counter reset reads as 0 growth). */
export function counterGrowth(before: Counters, after: Counters): Counters {
  const grow = (k: keyof Counters): number => Math.max(0, after[k] - before[k]);
  return {
    rxBytes: grow('rxBytes'), rxPackets: grow('rxPackets'), rxErrors: grow('rxErrors'), rxDropped: grow('rxDropped'),
    txBytes: grow('txBytes'), txPackets: grow('txPackets'), txErrors: grow('txErrors'), txDropped: grow('txDropped'),
  };
}

/** The framing-mismatch signature: packets went out, nothing came back. */
export function sendsButNeverReceives(growth: Counters): boolean {
  return growth.txPackets > 0 && growth.rxPackets === 0;
}
