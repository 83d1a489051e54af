// Quectel EC25 (2c7c:0125), as ModemManager's src/plugins/quectel/77-mm-quectel-port-types.rules
// and the kernel's qmi_wwan.c (QMI_MATCH_FF_FF_FF) and option.c bind it: if0 DIAG, if1 NMEA, if2 AT,
// if3 AT (option); if4 QMI (qmi_wwan) in usbnet 0. The PID stays the same in every usbnet
// mode; only the network function changes (ECM = cdc_ether, MBIM = cdc_mbim, RNDIS).

import { QMI_VERSIONS } from './qmi-versions.ts';
import { ff, ff00, type InterfaceSpec, type ModemProfile, type UsbLayout } from './types.ts';

const serial: InterfaceSpec[] = [
  { number: 0, ...ff, endpoints: 2, driver: 'option', role: 'diag' },
  { number: 1, ...ff00, endpoints: 3, driver: 'option', role: 'nmea' },
  { number: 2, ...ff00, endpoints: 3, driver: 'option', role: 'at' },
  { number: 3, ...ff00, endpoints: 3, driver: 'option', role: 'at' },
];

function layout(usbnet: number): UsbLayout {
  switch (usbnet) {
    case 1: return { pid: 0x0125, label: 'ECM (cdc_ether)', interfaces: [...serial,
      { number: 4, cls: 0x02, subclass: 0x06, protocol: 0x00, endpoints: 1, driver: 'cdc_ether', role: 'net-control', netName: 'usb0' },
      { number: 5, cls: 0x0a, subclass: 0x00, protocol: 0x00, endpoints: 2, driver: 'cdc_ether', role: 'net-data' }] };
    case 2: return { pid: 0x0125, label: 'MBIM (cdc_mbim)', interfaces: [...serial,
      { number: 4, cls: 0x02, subclass: 0x0e, protocol: 0x00, endpoints: 1, driver: 'cdc_mbim', role: 'net-control', netName: 'wwan0' },
      { number: 5, cls: 0x0a, subclass: 0x00, protocol: 0x02, endpoints: 2, driver: 'cdc_mbim', role: 'net-data' }] };
    case 3: return { pid: 0x0125, label: 'RNDIS (rndis_host)', interfaces: [...serial,
      { number: 4, cls: 0xe0, subclass: 0x01, protocol: 0x03, endpoints: 1, driver: 'rndis_host', role: 'net-control', netName: 'usb0' },
      { number: 5, cls: 0x0a, subclass: 0x00, protocol: 0x00, endpoints: 2, driver: 'rndis_host', role: 'net-data' }] };
    default: return { pid: 0x0125, label: 'rmnet/QMI (qmi_wwan)', interfaces: [...serial,
      { number: 4, ...ff, endpoints: 3, driver: 'qmi_wwan', role: 'qmi', netName: 'wwan0' }] };
  }
}

export const EC25: ModemProfile = {
  id: 'ec25',
  family: 'quectel',
  vid: 0x2c7c,
  pid: 0x0125,
  bcdDevice: 0x0318,
  manufacturer: 'Quectel',
  model: 'EC25',
  revision: 'EC25EFAR06A06M4G',
  hardwareRevision: '10000',
  usbManufacturer: 'Quectel',
  usbProduct: 'EC25',
  imei: '867698041234567',
  imeiSv: '10',
  composition: {
    query: 'AT+QCFG="usbnet"',
    write: 'AT+QCFG="usbnet",<n> then AT+CFUN=1,1',
    defaultValue: 0,
    nonQmiValue: 1,
    values: { 0: 'rmnet/QMI', 1: 'ECM', 2: 'MBIM', 3: 'RNDIS' },
  },
  layout,
  rawIpOnly: false,
  qmiVersions: QMI_VERSIONS,
  maxClientIds: 16,
};
