// How the AT face words things: +CME ERROR texts, registration codes and signal mapping
// (at.md §1-2, 27.007 §7.2/§8.5/§9.2). Pure functions over the model's state.

import { splitOutsideQuotes } from '../at/quoted-split.ts';
import type { ModemState, RegState, Rat } from './state.ts';

export const CME_TEXT: Readonly<Record<number, string>> = {
  3: 'operation not allowed', 4: 'operation not supported', 10: 'SIM not inserted', 11: 'SIM PIN required',
  12: 'SIM PUK required', 13: 'SIM failure', 14: 'SIM busy', 16: 'incorrect password', 30: 'no network service',
  50: 'incorrect parameters', 100: 'unknown', 133: 'requested service option not subscribed',
  148: 'unspecified GPRS error', 533: 'missing or unknown APN',
};

/** 27.007 <stat>: 0 not registered, 1 home, 2 searching, 3 denied, 5 roaming. */
export function regStat(s: ModemState, simReady: boolean): number {
  if (!simReady || s.operatingMode !== 'online') return 0;
  const map: Record<RegState, number> = { 'not-registered': 0, registered: 1, searching: 2, denied: 3, roaming: 5 };
  return map[s.network.reg];
}

/** 27.007 <AcT>: 0 GSM, 2 UTRAN, 7 E-UTRAN. */
export function act(rat: Rat): number {
  return rat === 'lte' ? 7 : rat === 'umts' ? 2 : 0;
}

/** AT+CSQ rssi index: −113 dBm + 2n, 31 = ≥ −51, 99 = unknown. */
export function csqIndex(dbm: number): number {
  return Math.max(0, Math.min(31, Math.round((dbm + 113) / 2)));
}

export function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

export function pdpTypeText(t: 'ipv4' | 'ipv6' | 'ipv4v6'): string {
  return t === 'ipv4' ? 'IP' : t === 'ipv6' ? 'IPV6' : 'IPV4V6';
}

export function pdpTypeFrom(text: string): 'ipv4' | 'ipv6' | 'ipv4v6' | undefined {
  const t = text.toUpperCase();
  return t === 'IP' ? 'ipv4' : t === 'IPV6' ? 'ipv6' : t === 'IPV4V6' ? 'ipv4v6' : undefined;
}

/** Splits AT arguments on commas outside quotes and strips the quotes. */
export function splitArgs(s: string): string[] {
  return splitOutsideQuotes(s, ',').map((a) => {
    const t = a.trim();
    return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t.replaceAll('"', '');
  });
}

export function cpinText(s: ModemState): string | null {
  if (!s.sim.present) return null;
  switch (s.sim.pinState) {
    case 'ready': return 'READY';
    case 'pin-required': return 'SIM PIN';
    case 'puk-required': return 'SIM PUK';
    case 'blocked': return null;
  }
}
