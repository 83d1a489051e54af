// How the AT face words things: +CME ERROR texts, registration codes and signal mapping
// (ITU-T V.250 framing; 3GPP TS 27.007 §7.2/§8.5/§9.2). Pure functions over the model's state.

import { CME_ERROR_TEXT } from '../at/parsers/error-codes.ts';
import type { ModemState, RegState, Rat } from './state.ts';

// The verbose +CME ERROR text (AT+CMEE=2), from the host side's table. 533 is what Quectel
// firmware answers for an unknown APN; the host table leaves codes above 255 to the vendor's
// manual on purpose, so the one vendor text the simulator needs is added here.
const VENDOR_CME_TEXT: Readonly<Record<number, string>> = { 533: 'missing or unknown APN' };

export function cmeText(code: number): string {
  return CME_ERROR_TEXT[code] ?? VENDOR_CME_TEXT[code] ?? 'unknown';
}

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

export function cpinText(s: ModemState): string | null {
  if (!s.sim.present) return null;
  switch (s.sim.pinState) {
    case 'ready': return 'READY';
    case 'pin-required': return 'SIM PIN';
    case 'puk-required': return 'SIM PUK';
    case 'blocked': return null;
  }
}
