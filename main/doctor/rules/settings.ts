// implausible-settings: session values that cannot be right, whoever printed them. An IPv4
// address in 0.0.0.0/8 ("this network", RFC 1122 §3.2.1.3), loopback or multicast; a gateway
// equal to the address or outside its subnet; a netmask that is not contiguous ones; an MTU
// below IPv4's 576 (RFC 791) or above jumbo frames. Such values usually mean a misread answer
// (decoder-byte-shift) or a broken firmware, not a network that really said so.

import type { Facts, SessionSettings } from '../facts.ts';
import type { Finding } from '../finding.ts';
import { evidenceOf } from './support.ts';

const MTU_MIN = 576;
const MTU_MAX = 9000;

function octets(s: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  return o.every((x) => x <= 255) ? o : undefined;
}

const toU32 = (o: number[]): number => (((o[0] ?? 0) << 24) | ((o[1] ?? 0) << 16) | ((o[2] ?? 0) << 8) | (o[3] ?? 0)) >>> 0;

/** Why an address cannot be a host's, or undefined when it can. */
function badHost(s: string): string | undefined {
  const o = octets(s);
  if (!o) return 'is not an IPv4 address';
  const [a] = o as [number];
  if (a === 0) return 'is in 0.0.0.0/8, which is never a host\'s address';
  if (a === 127) return 'is a loopback address';
  if (a >= 224) return 'is a multicast or reserved address';
  return undefined;
}

function isContiguousMask(u: number): boolean {
  const inv = ~u >>> 0;
  return (inv & (inv + 1)) === 0;
}

/** Each value that cannot be right, in words. */
export function implausibleValues(s: SessionSettings): { field: string; value: string; why: string }[] {
  const out: { field: string; value: string; why: string }[] = [];
  if (s.mtu !== undefined && (s.mtu < MTU_MIN || s.mtu > MTU_MAX)) {
    out.push({ field: 'mtu', value: String(s.mtu), why: `MTU ${s.mtu} is outside ${MTU_MIN}..${MTU_MAX} (mobile networks use 1280..1500)` });
  }
  for (const field of ['ipv4', 'gateway'] as const) {
    const v = s[field];
    const why = v !== undefined ? badHost(v) : undefined;
    if (v !== undefined && why) out.push({ field, value: v, why: `${field === 'ipv4' ? 'address' : 'gateway'} ${v} ${why}` });
  }
  const mask = s.subnet !== undefined ? octets(s.subnet) : undefined;
  if (s.subnet !== undefined && (!mask || !isContiguousMask(toU32(mask)))) out.push({ field: 'subnet', value: s.subnet, why: `netmask ${s.subnet} is not a netmask (ones, then zeros)` });
  const ip = s.ipv4 !== undefined && !badHost(s.ipv4) ? octets(s.ipv4) : undefined;
  const gw = s.gateway !== undefined && !badHost(s.gateway) ? octets(s.gateway) : undefined;
  if (ip && gw) {
    if (toU32(ip) === toU32(gw)) out.push({ field: 'gateway', value: s.gateway ?? '', why: `the gateway ${s.gateway} is the address itself` });
    else if (mask && isContiguousMask(toU32(mask)) && ((toU32(ip) & toU32(mask)) >>> 0) !== ((toU32(gw) & toU32(mask)) >>> 0)) {
      out.push({ field: 'gateway', value: s.gateway ?? '', why: `the gateway ${s.gateway} is outside the address's subnet ${s.ipv4}/${s.subnet}` });
    }
  }
  for (const d of s.dns ?? []) {
    const why = badHost(d);
    if (why) out.push({ field: 'dns', value: d, why: `DNS server ${d} ${why}` });
  }
  return out;
}

export function implausibleSettings(facts: Facts): Finding[] {
  const s = facts.connection?.value.settings;
  if (!s) return [];
  const bad = implausibleValues(s);
  if (bad.length === 0) return [];
  return [{
    id: 'implausible-settings',
    severity: 'error',
    title: 'The data session\'s settings cannot be right',
    explanation: `The session reports values no network hands out: ${bad.map((b) => b.why).join('; ')}. `
      + 'A network does not send these: either the program that read them misread the modem\'s answer (an old uqmi on an ARMv5 router does this), '
      + 'or the firmware is broken. Configuring the interface with them will not work. Reading them again with the doctor\'s own decoder tells which.',
    evidence: [evidenceOf(facts, 'connection', bad.map((b) => `${b.field} ${b.value}`).join(', '))],
    fixes: [{ fix: 'connect-test', label: 'Start a test session and read its settings with the doctor\'s decoder' }],
    values: { implausible: bad },
  }];
}
