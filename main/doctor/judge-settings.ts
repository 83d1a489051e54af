// Whether a data session's settings can be right: an address, gateway, netmask, DNS and MTU that
// no network hands out are the signature of a reader that misparsed them (the uqmi byte shift:
// 0.23.154.198 beside 10.23.154.197, MTU 263644) or of a broken session. Pure: the connect test
// and the implausible-settings rule judge the same way.

import type { SessionSettings } from './facts.ts';

export interface SettingsVerdict {
  ok: boolean;
  /** One sentence per problem, in words. */
  problems: string[];
}

const toInt = (ip: string): number | undefined => {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  if (o.some((x) => x > 255)) return undefined;
  return (((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!) >>> 0;
};

/** RFC 791 needs 68 bytes; IPv4 hosts must take 576; no cellular link carries jumbo frames. */
const MTU_MIN = 576;
const MTU_MAX = 9000;

export function judgeSettings(s: SessionSettings): SettingsVerdict {
  const problems: string[] = [];
  const ip = s.ipv4 !== undefined ? toInt(s.ipv4) : undefined;
  if (s.ipv4 === undefined) problems.push('the session has no IPv4 address');
  else if (ip === undefined) problems.push(`the address ${s.ipv4} is not an IPv4 address`);
  else if (ip >>> 24 === 0) problems.push(`the address ${s.ipv4} is in 0.0.0.0/8, which no host may use (RFC 1122 §3.2.1.3)`);
  else if (ip >>> 24 >= 224) problems.push(`the address ${s.ipv4} is multicast or reserved`);
  const gw = s.gateway !== undefined ? toInt(s.gateway) : undefined;
  const mask = s.subnet !== undefined ? toInt(s.subnet) : undefined;
  if (s.gateway !== undefined && gw === undefined) problems.push(`the gateway ${s.gateway} is not an IPv4 address`);
  if (ip !== undefined && gw !== undefined) {
    if (gw === ip) problems.push(`the gateway ${s.gateway} is the session's own address`);
    else if (mask !== undefined && mask !== 0 && ((ip & mask) >>> 0) !== ((gw & mask) >>> 0)) {
      problems.push(`the gateway ${s.gateway} is not in the session's subnet (${s.ipv4}/${s.subnet})`);
    }
  }
  if (s.dns !== undefined && s.dns.length === 0) problems.push('the network gave no DNS server');
  for (const d of s.dns ?? []) {
    const n = toInt(d);
    if (n === undefined || n >>> 24 === 0) problems.push(`the DNS server ${d} cannot be right`);
  }
  if (s.mtu !== undefined && (s.mtu < MTU_MIN || s.mtu > MTU_MAX)) problems.push(`the MTU ${s.mtu} is outside ${MTU_MIN}–${MTU_MAX}`);
  return { ok: problems.length === 0, problems };
}
