// Per-modem identities for a fleet (`simulate --count N`): modem 0 keeps the documented values
// (the profiles', as the README and tests show them); modem i > 0 gets its own IMEI, ICCID, IMSI, USB serial and USB
// port, derived from i, so that tools telling modems apart by any of them see N devices.

import { luhnCheckDigit } from '../at/parsers/identity.ts';
import type { ModemProfile } from './profiles/index.ts';

// Re-exported so the fleet's identities and their checks are read from one place.
export { luhnCheckDigit, luhnValid } from '../at/parsers/identity.ts';

export interface ModemIdentity {
  imei: string;
  iccid: string;
  imsi: string;
  usbSerial: string;
}

/** The documented SIM of every scenario (Wind Tre 222/88) and the USB serial of modem 0. */
export const BASE_ICCID = '89398800001234567890';
export const BASE_IMSI = '222880123456789';
export const BASE_USB_SERIAL = '0123456789ABCDEF';

/** Adds n to a fixed-width decimal field, wrapping within its width. */
function bump(field: string, n: number): string {
  const mod = 10n ** BigInt(field.length);
  return ((BigInt(field) + BigInt(n)) % mod).toString().padStart(field.length, '0');
}

export function modemIdentity(p: ModemProfile, index: number): ModemIdentity {
  if (index === 0) return { imei: p.imei, iccid: BASE_ICCID, imsi: BASE_IMSI, usbSerial: BASE_USB_SERIAL };
  // IMEI = TAC (8 digits, the model) + serial number (6) + Luhn digit: only the serial changes.
  const imeiBody = p.imei.slice(0, 8) + bump(p.imei.slice(8, 14), index);
  // ICCID = 89 + country 39 + issuer 88 + account digits + Luhn digit: only the account changes.
  const iccidBody = BASE_ICCID.slice(0, 7) + bump(BASE_ICCID.slice(7, 19), index);
  // IMSI = MCC 222 + MNC 88 (the SIM's home operator stays) + MSIN.
  const imsi = BASE_IMSI.slice(0, 5) + bump(BASE_IMSI.slice(5), index);
  const usbSerial = ((BigInt(`0x${BASE_USB_SERIAL}`) + BigInt(index)) % (1n << 64n)).toString(16).toUpperCase().padStart(16, '0');
  return { imei: imeiBody + luhnCheckDigit(imeiBody), iccid: iccidBody + luhnCheckDigit(iccidBody), imsi, usbSerial };
}
