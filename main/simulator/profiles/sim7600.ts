// SIMCom SIM7600 (1e0e:9001), as ModemManager's src/plugins/simtech/77-mm-simtech-port-types.rules
// and the kernel's qmi_wwan.c (QMI_QUIRK_SET_DTR(0x1e0e, 0x9001, 5)) bind it: if0 DIAG, if1 NMEA, if2 AT,
// if3 AT (PPP), if4 audio (option); if5 QMI (qmi_wwan). AT+CUSBPIDSWITCH=9011,1,1 switches to
// RNDIS (1e0e:9011); that layout (RNDIS on the first interfaces) is inferred from
// public Raspberry Pi guides that see usb0 after the switch, not checked on hardware.

import { QMI_VERSIONS } from './qmi-versions.ts';
import { ff, ff00, type ModemProfile, type UsbLayout } from './types.ts';

function layout(pid: number): UsbLayout {
  if (pid === 0x9011) {
    return { pid, label: 'RNDIS (rndis_host)', interfaces: [
      { number: 0, cls: 0xe0, subclass: 0x01, protocol: 0x03, endpoints: 1, driver: 'rndis_host', role: 'net-control', netName: 'usb0' },
      { number: 1, cls: 0x0a, subclass: 0x00, protocol: 0x00, endpoints: 2, driver: 'rndis_host', role: 'net-data' },
      { number: 2, ...ff, endpoints: 2, driver: 'option', role: 'diag' },
      { number: 3, ...ff00, endpoints: 3, driver: 'option', role: 'nmea' },
      { number: 4, ...ff00, endpoints: 3, driver: 'option', role: 'at' },
      { number: 5, ...ff00, endpoints: 3, driver: 'option', role: 'at' },
    ] };
  }
  return { pid: 0x9001, label: 'QMI (qmi_wwan)', interfaces: [
    { number: 0, ...ff, endpoints: 2, driver: 'option', role: 'diag' },
    { number: 1, ...ff00, endpoints: 3, driver: 'option', role: 'nmea' },
    { number: 2, ...ff00, endpoints: 3, driver: 'option', role: 'at' },
    { number: 3, ...ff00, endpoints: 3, driver: 'option', role: 'at' },
    { number: 4, ...ff00, endpoints: 3, driver: 'option', role: 'audio' },
    { number: 5, ...ff, endpoints: 3, driver: 'qmi_wwan', role: 'qmi', netName: 'wwan0' },
  ] };
}

export const SIM7600: ModemProfile = {
  id: 'sim7600',
  family: 'simcom',
  vid: 0x1e0e,
  pid: 0x9001,
  bcdDevice: 0x0318,
  manufacturer: 'SIMCOM INCORPORATED',
  model: 'SIMCOM_SIM7600G-H',
  revision: 'LE20B04SIM7600G22',
  hardwareRevision: 'V1.00',
  usbManufacturer: 'SimTech, Incorporated',
  usbProduct: 'SimTech, Incorporated',
  imei: '862636051234567',
  imeiSv: '02',
  composition: {
    query: 'AT+CUSBPIDSWITCH?',
    write: 'AT+CUSBPIDSWITCH=<pid>,1,1',
    defaultValue: 0x9001,
    nonQmiValue: 0x9011,
    values: { 0x9001: 'QMI (default)', 0x9011: 'RNDIS' },
  },
  layout,
  rawIpOnly: false,
  // Real SIM7600 firmware serves QMI Voice; ModemManager 1.20's SIMCom plugin stalls without it.
  qmiVersions: [...QMI_VERSIONS, { service: 0x09, major: 2, minor: 1 }],
  maxClientIds: 16,
};
