// What to tell a user whose port ModemManager holds: its name (the holder seen in /proc may be
// its qmi-proxy: MM reaches QMI modems only through libqmi's proxy) and the ways out, gentlest
// first. Kept apart from modemmanager.ts so that opening a port does not load the D-Bus client.

/** Process names (as /proc/<pid>/comm) that mean "ModemManager has this port". */
const MM_HOLDERS = new Set(['ModemManager', 'qmi-proxy', 'mbim-proxy']);

/** The ways to get a modem's ports back from ModemManager, gentlest first. */
export function waysOut(device: string): string[] {
  return [
    `read it alongside ModemManager through qmi-proxy: modem-doctor qmi --proxy --device ${device} ...`,
    `free it while you work (given back on Ctrl-C): modem-doctor free ${device} --inhibit`,
    `stop ModemManager (start it again after): modem-doctor free ${device} --stop`,
    `make ModemManager leave this modem alone for good (a udev rule): modem-doctor free ${device} --ignore`,
  ];
}

/** A paragraph naming ModemManager and the ways out, when one of the holders is MM or its proxy. */
export function modemManagerAdvice(device: string, holders: readonly { pid: number; command: string }[]): string | undefined {
  const mm = holders.filter((h) => MM_HOLDERS.has(h.command));
  if (mm.length === 0) return undefined;
  const via = mm.map((h) => `${h.command} pid ${h.pid}`).join(', ');
  return `ModemManager is using this modem (${via}). Ways out:\n${waysOut(device).map((w) => `  - ${w}`).join('\n')}`;
}
