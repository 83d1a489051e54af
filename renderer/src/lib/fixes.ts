// Words for fixes and secrets, and the shape a secret must have before it is sent (the engine
// checks again: this only spares a round trip and says what is wrong next to the field).

import type { FixId, SecretKind } from '../../../main/api/contract.ts';

export const FIX_WORDS: Readonly<Record<FixId, string>> = {
  'unlock-sim': 'Unlock the SIM',
  'free-device': 'Free the modem from the program holding it',
  'set-apn': 'Set the APN',
  'align-data-format': 'Make the data format agree',
  'set-usbnet-mode': 'Switch the USB mode',
  'disable-autoconnect': 'Turn off autoconnect',
  'radio-on': 'Turn the radio on',
  'connect-test': 'Connect test',
};

export const SECRET_WORDS: Readonly<Record<SecretKind, string>> = {
  pin: 'SIM PIN', puk: 'PUK (8 digits, from the SIM card holder)', 'new-pin': 'New PIN', 'apn-password': 'APN password',
};

export function secretProblem(kind: SecretKind, value: string): string | null {
  if (kind === 'apn-password') return value.length > 0 ? null : 'Enter the APN password.';
  if (kind === 'puk') return /^\d{8}$/.test(value) ? null : 'The PUK is 8 digits.';
  return /^\d{4,8}$/.test(value) ? null : `The ${kind === 'new-pin' ? 'new PIN' : 'PIN'} is 4 to 8 digits.`;
}
