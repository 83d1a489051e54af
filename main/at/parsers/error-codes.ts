// +CME ERROR / +CMS ERROR numbers in words. Source: 3GPP TS 27.007 §9.2 and 27.005 §3.2.5 as
// cross-checked with ModemManager's src/mm-error-helpers.c.

/** The 27.007 +CME ERROR texts; the simulator words its verbose errors (AT+CMEE=2) from it. */
export const CME_ERROR_TEXT: Readonly<Record<number, string>> = {
  0: 'phone failure',
  1: 'no connection to phone',
  2: 'phone adaptor link reserved',
  3: 'operation not allowed',
  4: 'operation not supported',
  5: 'PH-SIM PIN required',
  6: 'PH-FSIM PIN required',
  7: 'PH-FSIM PUK required',
  10: 'SIM not inserted',
  11: 'SIM PIN required',
  12: 'SIM PUK required',
  13: 'SIM failure',
  14: 'SIM busy',
  15: 'SIM wrong',
  16: 'incorrect password',
  17: 'SIM PIN2 required',
  18: 'SIM PUK2 required',
  20: 'memory full',
  21: 'invalid index',
  22: 'not found',
  23: 'memory failure',
  24: 'text string too long',
  25: 'invalid characters in text string',
  26: 'dial string too long',
  27: 'invalid characters in dial string',
  30: 'no network service',
  31: 'network timeout',
  32: 'network not allowed - emergency calls only',
  40: 'network personalisation PIN required',
  41: 'network personalisation PUK required',
  42: 'network subset personalisation PIN required',
  43: 'network subset personalisation PUK required',
  44: 'service provider personalisation PIN required',
  45: 'service provider personalisation PUK required',
  46: 'corporate personalisation PIN required',
  47: 'corporate personalisation PUK required',
  50: 'incorrect parameters',
  100: 'unknown',
  103: 'illegal MS (reject #3)',
  106: 'illegal ME (reject #6)',
  107: 'GPRS services not allowed (reject #7)',
  111: 'PLMN not allowed (reject #11)',
  112: 'location area not allowed (reject #12)',
  113: 'roaming not allowed in this location area (reject #13)',
  132: 'service option not supported (reject #32)',
  133: 'requested service option not subscribed (reject #33)',
  134: 'service option temporarily out of order (reject #34)',
  148: 'unspecified GPRS error',
  149: 'PDP authentication failure',
  150: 'invalid mobile class',
};

const CMS: Readonly<Record<number, string>> = {
  300: 'ME failure',
  301: 'SMS service of ME reserved',
  302: 'operation not allowed',
  303: 'operation not supported',
  304: 'invalid PDU mode parameter',
  305: 'invalid text mode parameter',
  310: 'SIM not inserted',
  311: 'SIM PIN required',
  312: 'PH-SIM PIN required',
  313: 'SIM failure',
  314: 'SIM busy',
  315: 'SIM wrong',
  316: 'SIM PUK required',
  320: 'memory failure',
  321: 'invalid memory index',
  322: 'memory full',
  330: 'SMSC address unknown',
  331: 'no network service',
  332: 'network timeout',
  500: 'unknown error',
};

export function describeCmeError(code: number): string {
  const known = CME_ERROR_TEXT[code];
  if (known !== undefined) return known;
  // Vendors number their own errors above 255 (Quectel 5xx/9xx): point the user at the manual.
  return code > 255 ? 'vendor-specific error (see the module\'s AT manual)' : 'unlisted error';
}

export function describeCmsError(code: number): string {
  const known = CMS[code];
  if (known !== undefined) return known;
  return code >= 512 ? 'vendor-specific SMS error' : 'unlisted SMS error';
}
