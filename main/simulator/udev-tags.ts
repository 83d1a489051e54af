// The udev properties a real system adds to a modem's device records, which ModemManager reads
// and which umockdev (running no udev rules) would otherwise lack. Without ID_MM_CANDIDATE every
// port is "not candidate" and no modem appears; without the port-type hints MM probes every tty
// as AT and QCDM, which takes it tens of seconds instead of a few.
//
// Facts from ModemManager 1.20's udev rules (installed in /lib/udev/rules.d):
//  - 80-mm-candidate.rules: ID_MM_CANDIDATE=1 on every tty, every net interface and every usbmisc
//    cdc-wdm* node.
//  - per vendor, the hints keyed by VID:PID and interface number (.MM_USBIFNUM), for ttys only:
//    77-mm-quectel-port-types.rules ("Quectel EC25/EG25", 2c7c:0125),
//    77-mm-sierra.rules ("MC74XX: Add port hints", 1199:9071),
//    77-mm-simtech-port-types.rules ("SIM7000, SIM7100, SIM7600...", 1e0e:9001).

export type MmPortHint = 'QCDM' | 'GPS' | 'AT_PRIMARY' | 'AT_SECONDARY' | 'AT_PPP' | 'AUDIO' | 'IGNORE';

/** VID:PID (lower-case hex, as udev's ATTRS{idVendor}/{idProduct}) -> tty interface number -> hint. */
const PORT_HINTS: Readonly<Record<string, Readonly<Record<number, MmPortHint>>>> = {
  // 77-mm-quectel-port-types.rules: "ttyUSB0 (if #0): QCDM/DIAG port ... ttyUSB3 (if #3): AT secondary port"
  '2c7c:0125': { 0: 'QCDM', 1: 'GPS', 2: 'AT_PRIMARY', 3: 'AT_SECONDARY' },
  // 77-mm-sierra.rules: "if 03: primary port, if 02: raw NMEA port, if 00: diag/qcdm port"
  '1199:9071': { 0: 'QCDM', 2: 'GPS', 3: 'AT_PRIMARY' },
  // 77-mm-simtech-port-types.rules: SIM7600 in its default 9001 composition
  '1e0e:9001': { 0: 'QCDM', 1: 'GPS', 2: 'AT_PRIMARY', 3: 'AT_SECONDARY', 4: 'AUDIO' },
};

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** The udev property name a hint sets (ID_MM_PORT_IGNORE is not a "type"). */
export function hintProperty(hint: MmPortHint): string {
  return hint === 'IGNORE' ? 'ID_MM_PORT_IGNORE' : `ID_MM_PORT_TYPE_${hint}`;
}

/**
 * `E:` lines udev's rules would add to one record: `subsystem` is the record's (tty, usbmisc, net),
 * `interfaceNumber` the USB interface it hangs under.
 */
export function udevTags(vid: number, pid: number, subsystem: 'tty' | 'usbmisc' | 'net', interfaceNumber: number): string[] {
  const out = ['E: ID_MM_CANDIDATE=1'];
  if (subsystem === 'tty') {
    const hint = PORT_HINTS[`${hex4(vid)}:${hex4(pid)}`]?.[interfaceNumber];
    if (hint) out.push(`E: ${hintProperty(hint)}=1`);
  }
  return out;
}
