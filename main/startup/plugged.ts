// Which QMI control ports (/dev/cdc-wdmN) are there now: enough for `start` to say a modem is
// plugged in. Discovery (USB, sysfs, roles) will know much more; this is the one-line question.

import fs from 'node:fs';

export function pluggedQmiPorts(devDir = '/dev'): string[] {
  // opendir, not readdirSync: under umockdev-run only this way of listing sees its fake /dev.
  const found: string[] = [];
  try {
    const d = fs.opendirSync(devDir);
    for (let e = d.readSync(); e; e = d.readSync()) if (/^cdc-wdm\d+$/.test(e.name)) found.push(`${devDir}/${e.name}`);
    d.closeSync();
  } catch { /* no /dev to read: treat as nothing plugged in */ }
  return found.sort();
}
