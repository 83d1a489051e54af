// One ICMP echo to a host (the session's gateway) and its round-trip time, with the system's
// ping (iputils-ping on Debian, busybox ping on OpenWrt: both take -c, -W and -I and print
// "time=0.81 ms"). Node has no raw or ICMP sockets, so the ping program it is.

import { execFile } from 'node:child_process';
import { interfaceNameProblem } from './net-interface-name.ts';

export type PingOutcome =
  | { ok: true; rttMs: number; output: string }
  | { ok: false; reason: 'no-reply' | 'no-tool' | 'bad-argument' | 'failed'; message: string; output: string };

export interface PingOptions {
  /** Send from this interface (ping -I). */
  iface?: string;
  /** How long to wait for the reply; whole seconds for ping -W, at least 1 (default 2000). */
  timeoutMs?: number;
  /** The ping program; found on PATH (plus /usr/bin and /bin) by default. */
  command?: string;
  /** argv run in front of ping, e.g. `nsenter -t PID -n` for another network namespace. */
  prefix?: readonly string[];
}

/** The RTT in ms from ping's output ("time=0.812 ms", or "time<1 ms" on a fast link). */
export function parseRtt(output: string): number | undefined {
  const m = /time[=<]\s*([\d.]+)\s*ms/.exec(output);
  return m ? Number(m[1]) : undefined;
}

export function pingOnce(address: string, opts: PingOptions = {}): Promise<PingOutcome> {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return Promise.resolve({ ok: false, reason: 'bad-argument', message: `"${address}" is not an IPv4 address.`, output: '' });
  const problem = opts.iface !== undefined ? interfaceNameProblem(opts.iface) : undefined;
  if (problem) return Promise.resolve({ ok: false, reason: 'bad-argument', message: `"${opts.iface}": ${problem}.`, output: '' });
  const seconds = Math.max(1, Math.ceil((opts.timeoutMs ?? 2000) / 1000));
  const args = ['-n', '-c', '1', '-W', String(seconds), ...(opts.iface ? ['-I', opts.iface] : []), address];
  const env = { ...process.env, PATH: `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/bin:/bin` };
  return new Promise((resolve) => {
    const argv = [...(opts.prefix ?? []), opts.command ?? 'ping', ...args];
    execFile(argv[0]!, argv.slice(1), { env, timeout: (seconds + 5) * 1000, encoding: 'utf8' }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      const rtt = parseRtt(stdout);
      if (!err && rtt !== undefined) return resolve({ ok: true, rttMs: rtt, output });
      const code = (err as { code?: unknown } | null)?.code;
      if (code === 'ENOENT') return resolve({ ok: false, reason: 'no-tool', output, message: 'The ping program (Debian package iputils-ping) is not installed.' });
      // ping exits 1 when nothing answered, 2 on other errors (iputils ping(8)).
      if (code === 1) return resolve({ ok: false, reason: 'no-reply', output, message: `${address} did not answer a ping within ${seconds} s.` });
      resolve({ ok: false, reason: 'failed', output, message: `ping ${address} failed: ${output.trim().split('\n').at(-1) ?? String(err)}` });
    });
  });
}
