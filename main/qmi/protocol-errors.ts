// QMI protocol error codes (libqmi src/libqmi-glib/qmi-errors.h QmiProtocolError), named as libqmi
// names them
// in lower case with hyphens, plus what each means in practice where that is known.

export const PROTOCOL_ERRORS: Readonly<Record<number, string>> = {
  0: 'none', 1: 'malformed-message', 2: 'no-memory', 3: 'internal', 4: 'aborted', 5: 'client-ids-exhausted',
  6: 'unabortable-transaction', 7: 'invalid-client-id', 8: 'no-thresholds-provided', 9: 'invalid-handle',
  10: 'invalid-profile', 11: 'invalid-pin-id', 12: 'incorrect-pin', 13: 'no-network-found', 14: 'call-failed',
  15: 'out-of-call', 16: 'not-provisioned', 17: 'missing-argument', 19: 'argument-too-long',
  22: 'invalid-transaction-id', 23: 'device-in-use', 24: 'network-unsupported', 25: 'device-unsupported',
  26: 'no-effect', 27: 'no-free-profile', 28: 'invalid-pdp-type', 29: 'invalid-technology-preference',
  30: 'invalid-profile-type', 31: 'invalid-service-type', 32: 'invalid-register-action',
  33: 'invalid-ps-attach-action', 34: 'authentication-failed', 35: 'pin-blocked', 36: 'pin-always-blocked',
  37: 'uim-uninitialized', 38: 'maximum-qos-requests-in-use', 39: 'incorrect-flow-filter',
  40: 'network-qos-unaware', 41: 'invalid-qos-id', 42: 'requested-number-unsupported', 43: 'interface-not-found',
  44: 'flow-suspended', 45: 'invalid-data-format', 46: 'general-error', 47: 'unknown-error', 48: 'invalid-argument',
  49: 'invalid-index', 50: 'no-entry', 51: 'device-storage-full', 52: 'device-not-ready', 53: 'network-not-ready',
  59: 'authentication-lock', 60: 'invalid-transition', 64: 'invalid-ip-family-preference', 65: 'session-inactive',
  66: 'session-invalid', 67: 'session-ownership', 68: 'insufficient-resources', 69: 'disabled', 70: 'invalid-operation',
  71: 'invalid-qmi-command', 74: 'information-unavailable', 78: 'operation-partial-failure', 80: 'sim-file-not-found',
  81: 'extended-internal', 82: 'access-denied', 83: 'hardware-restricted', 90: 'incompatible-state', 93: 'no-radio',
  94: 'not-supported', 95: 'no-subscription', 102: 'no-sim', 114: 'device-memory-error', 115: 'no-permission',
  118: 'operation-in-progress',
};

const CODES = new Map(Object.entries(PROTOCOL_ERRORS).map(([k, v]) => [v, Number(k)]));

/** What an error usually means for the person at the keyboard. */
export const ERROR_HINTS: Readonly<Record<string, string>> = {
  'no-effect': 'Nothing changed: on Start Network it means a session is already up (often autoconnect); on Stop Network there was nothing to stop.',
  'call-failed': 'The network refused the data session; the call end reason says why (often a wrong or missing APN).',
  'out-of-call': 'There is no data session, so there are no connection settings to read.',
  'client-ids-exhausted': 'The modem has no free client ids left (leaked by programs that did not release them); a CTL Sync frees them.',
  'device-not-ready': 'The SIM is absent or not ready yet.',
  'uim-uninitialized': 'The SIM is absent or not initialised yet.',
  'invalid-qmi-command': 'This firmware does not support the message.',
  'incorrect-pin': 'The PIN was wrong; one attempt was used.',
  'pin-blocked': 'The PIN is blocked: the PUK is needed.',
};

export function protocolErrorName(code: number): string {
  return PROTOCOL_ERRORS[code] ?? `unknown-error-${code}`;
}

export function protocolErrorCode(name: string): number | undefined {
  return CODES.get(name);
}
