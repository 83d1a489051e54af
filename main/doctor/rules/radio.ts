// The radio: off (QMI low-power / offline, AT+CFUN=0 or 4) is one cause with one fix (radio-on),
// except for laptop modules that are FCC locked, whose radio only the vendor's unlock turns on.

import type { Facts, OperatingMode } from '../facts.ts';
import type { Finding } from '../finding.ts';
import { fccRouteFor } from './fcc-lock.ts';
import { evidenceOf, radioOff } from './support.ts';

const MODE_WORDS: Record<OperatingMode, string> = {
  online: 'online',
  'low-power': 'low-power mode (radio off)',
  offline: 'offline mode (radio off until the modem is reset)',
  'factory-test': 'factory test mode',
  reset: 'resetting',
  'shutting-down': 'shutting down',
  'persistent-low-power': 'persistent low-power mode (radio off, kept across restarts)',
  'mode-only-low-power': 'low-power mode',
  unknown: 'unknown',
};

export function radioRules(facts: Facts): Finding[] {
  if (!radioOff(facts) || !facts.radio) return [];
  const r = facts.radio.value;
  const usb = facts.device?.value.usb;
  const route = fccRouteFor(usb?.vid);
  // FCC locked: the modem says its radio is hardware-restricted, or a known locked laptop module
  // sits in low power (these never come up online by themselves).
  const fcc = r.hardwareRestricted === true || (route !== undefined && (r.mode === 'low-power' || r.mode === 'persistent-low-power'));
  const modeText = `${MODE_WORDS[r.mode]}${r.cfun !== undefined ? `, AT+CFUN? ${r.cfun}` : ''}${r.hardwareRestricted ? ', hardware-restricted' : ''}`;
  const evidence = [evidenceOf(facts, 'radio', `Operating mode: ${modeText}`)];
  if (fcc) {
    if (usb) evidence.push(evidenceOf(facts, 'device', `USB ${usb.vid.toString(16).padStart(4, '0')}:${usb.pid.toString(16).padStart(4, '0')}${route ? `: ${route.vendor}` : ''}`));
    return [{
      id: 'radio-off',
      severity: 'error',
      title: 'The radio is off: this laptop module is FCC locked',
      explanation: 'Laptop WWAN modules are sold "FCC locked": the radio stays off until the laptop maker\'s unlock tells the module it sits in an approved laptop. '
        + 'Nothing else is wrong, and turning the radio on by hand does not work while it is locked. '
        + (route ? `For ${route.vendor}: ${route.route}.` : 'Use the laptop maker\'s FCC unlock for Linux (ModemManager ships several in /usr/share/ModemManager/fcc-unlock.available.d/; the laptop maker\'s support site has the others).')
        + ' The doctor does not unlock modules itself.',
      evidence,
      fixes: [],
      values: { mode: r.mode, fccLocked: true, ...(route ? { unlockRoute: route.route } : {}) },
    }];
  }
  const offline = r.mode === 'offline';
  return [{
    id: 'radio-off',
    severity: 'error',
    title: 'The radio is off',
    explanation: `The modem is in ${MODE_WORDS[r.mode]}: it does not transmit or receive, so it cannot register on a network or connect. `
      + 'Something turned it off (a program, a script sending AT+CFUN=0 or 4, rfkill or airplane mode, or a setting that keeps it off after a restart). '
      + (offline ? 'Offline mode lasts until the modem resets; turning the radio on resets it first.' : 'Turning the radio on (AT+CFUN=1 / QMI online) brings it back; then it registers within a few seconds.'),
    evidence,
    fixes: [{ fix: 'radio-on', label: offline ? 'Reset the modem and turn the radio on' : 'Turn the radio on (online mode)' }],
    values: { mode: r.mode, ...(r.cfun !== undefined ? { cfun: r.cfun } : {}) },
  }];
}
