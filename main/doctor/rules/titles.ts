// Each finding's plain title when nothing more specific is known: the live rules' base titles,
// and what a finding from an imported log is called (it has the log's words, not our facts).

import type { FindingId } from '../finding-ids.ts';
import type { FixId } from '../finding.ts';

export const FINDING_TITLES: Readonly<Record<FindingId, string>> = {
  'modem-unresponsive': 'The modem does not answer on any port',
  'modemmanager-holds-device': 'ModemManager has the modem: the doctor cannot talk to it',
  'port-busy': 'A modem port is open in another program',
  'permission-denied': 'This user may not open the modem\'s ports',
  'wrong-at-port': 'The port chosen for AT commands is not an AT port',
  'modem-in-storage-mode': 'The modem shows up as a USB drive (CD-ROM), not as a modem',
  'radio-off': 'The radio is off',
  'sim-absent': 'No SIM card',
  'sim-pin-required': 'The SIM is locked: it wants its PIN',
  'sim-puk-required': 'The SIM is blocked by wrong PINs: it wants its PUK',
  'sim-blocked': 'The SIM is blocked for good',
  'not-registered': 'Not on a network',
  'registration-denied': 'The network refuses the SIM',
  'weak-signal': 'The signal is weak',
  'apn-missing': 'No APN is set',
  'apn-mismatch': 'The network does not accept the APN',
  'data-format-mismatch': 'The modem and the kernel frame data packets differently',
  'usbnet-mode-wrong': 'The modem is in a USB mode without QMI',
  'autoconnect-holds-bearer': 'The modem\'s own autoconnect holds the data session',
  'call-failed': 'The network refused the data call',
  'implausible-settings': 'The data session\'s settings cannot be right',
  'decoder-byte-shift': 'The program that printed these values misreads QMI fields: the modem sent other values',
};

/** The fix that answers a finding when the doctor then looks at the modem itself. */
export const FIX_FOR: Readonly<Partial<Record<FindingId, { fix: FixId; label: string }>>> = {
  'modemmanager-holds-device': { fix: 'free-device', label: 'Inhibit ModemManager for this modem while the doctor works (undo gives it back)' },
  'radio-off': { fix: 'radio-on', label: 'Turn the radio on (online mode)' },
  'sim-pin-required': { fix: 'unlock-sim', label: 'Enter the SIM PIN (asked for, never stored or logged)' },
  'sim-puk-required': { fix: 'unlock-sim', label: 'Enter the PUK and choose a new PIN (asked for, never stored or logged)' },
  'apn-missing': { fix: 'set-apn', label: 'Set the APN the provider database lists for this SIM' },
  'apn-mismatch': { fix: 'set-apn', label: 'Set the APN the provider database lists for this SIM' },
  'data-format-mismatch': { fix: 'align-data-format', label: 'Make the modem and the kernel agree on raw IP' },
  'usbnet-mode-wrong': { fix: 'set-usbnet-mode', label: 'Switch the USB mode to QMI; the modem resets' },
  'autoconnect-holds-bearer': { fix: 'disable-autoconnect', label: 'Turn the modem\'s autoconnect off (and end the session it holds)' },
};

const IDS = new Set<string>(Object.keys(FINDING_TITLES));

export function isFindingId(s: string): s is FindingId {
  return IDS.has(s);
}
