// Sierra Wireless MC7455 (1199:9071), as the kernel's qcserial.c (QCSERIAL_SWI) and qmi_wwan.c
// (QMI_QUIRK_SET_DTR(0x1199, 0x9071, 8/10)) and ModemManager's 77-mm-sierra.rules bind it: qcserial if0 DIAG, if2
// NMEA, if3 AT; qmi_wwan if8 (QMI) and if10 (second QMI). Composition: AT!USBCOMP mask, bit n
// = interface n (0x1 DIAG, 0x4 NMEA, 0x8 AT, 0x100 RMNET0, 0x400 RMNET1, 0x1000 MBIM).
// The firmware only does raw-ip.

import { QMI_VERSIONS } from './qmi-versions.ts';
import { ff, type InterfaceSpec, type ModemProfile, type UsbLayout } from './types.ts';

function layout(mask: number): UsbLayout {
  const i: InterfaceSpec[] = [];
  if (mask & 0x1) i.push({ number: 0, ...ff, endpoints: 2, driver: 'qcserial', role: 'diag' });
  if (mask & 0x4) i.push({ number: 2, ...ff, endpoints: 3, driver: 'qcserial', role: 'nmea' });
  if (mask & 0x8) i.push({ number: 3, ...ff, endpoints: 3, driver: 'qcserial', role: 'at' });
  if (mask & 0x100) i.push({ number: 8, ...ff, endpoints: 3, driver: 'qmi_wwan', role: 'qmi', netName: 'wwan0' });
  if (mask & 0x400) i.push({ number: 10, ...ff, endpoints: 3, driver: 'qmi_wwan', role: 'qmi', netName: 'wwan1' });
  if (mask & 0x1000) {
    i.push({ number: 12, cls: 0x02, subclass: 0x0e, protocol: 0x00, endpoints: 1, driver: 'cdc_mbim', role: 'net-control', netName: 'wwan0' });
    i.push({ number: 13, cls: 0x0a, subclass: 0x00, protocol: 0x02, endpoints: 2, driver: 'cdc_mbim', role: 'net-data' });
  }
  return { pid: 0x9071, label: mask & 0x1000 ? 'MBIM' : 'QMI', interfaces: i };
}

export const MC7455: ModemProfile = {
  id: 'mc7455',
  family: 'sierra',
  vid: 0x1199,
  pid: 0x9071,
  bcdDevice: 0x0006,
  manufacturer: 'Sierra Wireless, Incorporated',
  model: 'MC7455',
  revision: 'SWI9X30C_02.24.05.06',
  hardwareRevision: '1.0',
  usbManufacturer: 'Sierra Wireless, Incorporated',
  usbProduct: 'Sierra Wireless MC7455 Qualcomm Snapdragon X7 LTE-A',
  imei: '359073060123456',
  imeiSv: '06',
  composition: {
    query: 'AT!USBCOMP?',
    write: 'AT!ENTERCND="A710", AT!USBCOMP=1,1,<mask>, AT!RESET',
    defaultValue: 0x50d,
    nonQmiValue: 0x100d,
    values: { 0x10d: 'DIAG+NMEA+MODEM+RMNET0', 0x50d: 'DIAG+NMEA+MODEM+RMNET0+RMNET1', 0x100d: 'DIAG+NMEA+MODEM+MBIM' },
  },
  layout,
  rawIpOnly: true,
  // The common services and LOC (0x10), whose GNSS session the MC7455 offers over QMI.
  qmiVersions: [...QMI_VERSIONS, { service: 0x10, major: 2, minor: 0 }],
  maxClientIds: 16,
};
