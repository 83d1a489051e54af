// What a modem profile holds: facts from the kernel's and ModemManager's device tables (each
// profile names its sources), as data. A layout is per USB composition, because changing the composition changes the
// interfaces (and for SIMCom the product id).

export type PortRole = 'diag' | 'nmea' | 'at' | 'qmi' | 'audio' | 'net-control' | 'net-data';
export type Family = 'quectel' | 'sierra' | 'simcom';

export interface InterfaceSpec {
  number: number;
  /** USB class / subclass / protocol of the interface. */
  cls: number;
  subclass: number;
  protocol: number;
  /** Bulk in/out, plus an interrupt endpoint for control interfaces (QMI, CDC). */
  endpoints: 2 | 3 | 1;
  driver: 'option' | 'qcserial' | 'qmi_wwan' | 'cdc_ether' | 'cdc_mbim' | 'rndis_host';
  role: PortRole;
  /** For net-control: the network interface name the kernel gives (wwan0, usb0). */
  netName?: string;
}

export interface UsbLayout {
  pid: number;
  /** What the composition is called, for messages ("rmnet/QMI", "ECM"...). */
  label: string;
  interfaces: InterfaceSpec[];
}

export interface ModemProfile {
  id: string;
  family: Family;
  vid: number;
  /** Product id in the default (QMI) composition. */
  pid: number;
  bcdDevice: number;
  manufacturer: string;
  model: string;
  /** Firmware revision as AT+CGMR and DMS Get Revision print it. */
  revision: string;
  /** Board revision as DMS Get Hardware Revision answers it. */
  hardwareRevision: string;
  /** USB string descriptors. */
  usbManufacturer: string;
  usbProduct: string;
  imei: string;
  imeiSv: string;
  /** The composition knob: how it is read and written, and the known values. */
  composition: {
    query: string;
    write: string;
    defaultValue: number;
    /** A composition without a QMI port (the wrong-usbnet scenario). */
    nonQmiValue: number;
    values: Readonly<Record<number, string>>;
  };
  layout(composition: number): UsbLayout;
  /** Firmware that only does raw-ip (WDA Set Data Format answers raw-ip whatever is asked). */
  rawIpOnly: boolean;
  /** QMI service versions answered to CTL Get Version Info. */
  qmiVersions: readonly { service: number; major: number; minor: number }[];
  /** CIDs available per service before CLIENT_IDS_EXHAUSTED. */
  maxClientIds: number;
}

export const ff = { cls: 0xff, subclass: 0xff, protocol: 0xff } as const;
export const ff00 = { cls: 0xff, subclass: 0x00, protocol: 0x00 } as const;
