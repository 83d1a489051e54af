// The udev rule the .deb installs: the serial (tty), QMI/MBIM (usbmisc) and WWAN control nodes of
// every modem in the device table go to the user at the seat (TAG+="uaccess", applied by
// systemd-logind's 73-seat-late.rules, hence a number below 73), so the wizard opens its ports
// without root or the dialout group. Only these VID:PID pairs: a vendor id alone (Dell, Intel,
// Qualcomm) would cover unrelated devices. Regenerate after the device table changes:
//   node build/udev-rules.ts > build/udev/70-modem-doctor.rules
// (test/build checks the file matches the table).

import { deviceTable } from '../main/discovery/device-table.ts';

export function udevRules(): string {
  const pairs = new Map<string, string>();
  for (const m of deviceTable().modules) {
    for (const c of m.compositions) pairs.set(`${c.vid}:${c.pid}`, `${m.vendor} ${m.model}`);
  }
  const lines = [
    '# Modem Doctor: the logged-in user may open the modems\' serial, QMI/MBIM and WWAN control ports.',
    '# Generated from main/discovery/data/device-table.json by build/udev-rules.ts; do not edit.',
    'ACTION=="remove", GOTO="modem_doctor_end"',
    'SUBSYSTEM!="tty|usbmisc|wwan", GOTO="modem_doctor_end"',
  ];
  for (const [pair, name] of [...pairs].sort(([a], [b]) => a.localeCompare(b))) {
    const [vid, pid] = pair.split(':');
    lines.push(`# ${name}`, `ATTRS{idVendor}=="${vid}", ATTRS{idProduct}=="${pid}", TAG+="uaccess"`);
  }
  lines.push('LABEL="modem_doctor_end"', '');
  return lines.join('\n');
}

if (import.meta.main) process.stdout.write(udevRules());
