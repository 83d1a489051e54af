// DMS (service 0x02): device identity, firmware, operating mode, SIM PIN (legacy), bands.
// Layouts: libqmi data/qmi-service-dms.json; enum names as libqmi/qmicli print them.

import { array, bool, enumOf, flagsOf, measure, str, str8, struct, u8, u16, u32, u48, u64 } from '../codec/fields.ts';
import { defineMessage, defineService, req, tlv } from '../schema.ts';

/** QmiDmsUimPinStatus: what DMS UIM Get PIN Status reports per PIN. */
export const dmsPinStatus = enumOf(u8, {
  0: 'not-initialized', 1: 'enabled-not-verified', 2: 'enabled-verified', 3: 'disabled',
  4: 'blocked', 5: 'permanently-blocked', 6: 'unblocked', 7: 'changed',
});

/** QmiDmsUimPinId: which PIN a DMS UIM PIN request is about. */
export const dmsPinId = enumOf(u8, { 1: 'pin', 2: 'pin2' });

/** QmiDmsOperatingMode. */
export const operatingMode = enumOf(u8, {
  0: 'online', 1: 'low-power', 2: 'factory-test', 3: 'offline', 4: 'reset', 5: 'shutting-down',
  6: 'persistent-low-power', 7: 'mode-only-low-power', 0xff: 'unknown',
});

/** QmiDmsRadioInterface (note: differs from NAS's radio interface numbering). */
export const dmsRadioInterface = enumOf(u8, { 1: 'cdma20001x', 2: 'evdo', 4: 'gsm', 5: 'umts', 8: 'lte', 9: 'tds', 10: '5gnr' });

/** QmiDmsSwiUsbComposition (libqmi qmi-enums-dms.h), named after the interfaces each one has
 *  (qmi_dms_swi_usb_composition_get_description); 13..22 offer two configurations at once. */
export const swiUsbComposition = enumOf(u8, {
  0: 'hip-dm-nmea-at-mdm1-mdm2-mdm3-ms', 1: 'hip-dm-nmea-at-mdm1-ms', 2: 'hip-dm-nmea-at-nic1-ms',
  3: 'hip-dm-nmea-at-mdm1-nic1-ms', 4: 'hip-dm-nmea-at-nic1-nic2-nic3-ms', 5: 'hip-dm-nmea-at-ecm1-ms',
  6: 'dm-nmea-at-qmi', 7: 'dm-nmea-at-rmnet1-rmnet2-rmnet3', 8: 'dm-nmea-at-mbim', 9: 'mbim', 10: 'nmea-mbim',
  11: 'dm-mbim', 12: 'dm-nmea-mbim', 13: 'dual-6-and-8', 14: 'dual-6-and-9', 15: 'dual-6-and-10', 16: 'dual-6-and-11',
  17: 'dual-6-and-12', 18: 'dual-7-and-8', 19: 'dual-7-and-9', 20: 'dual-7-and-10', 21: 'dual-7-and-11', 22: 'dual-7-and-12',
});

const retriesLeft = struct({ verifyRetriesLeft: u8, unblockRetriesLeft: u8 });
const pinStatus = struct({ currentStatus: dmsPinStatus, verifyRetriesLeft: u8, unblockRetriesLeft: u8 });

export const DMS = defineService({
  id: 0x02,
  name: 'DMS',
  messages: {
    getCapabilities: defineMessage({
      id: 0x0020, name: 'Get Capabilities',
      request: {},
      response: {
        info: req(0x01, struct({
          maxTxChannelRate: u32,
          maxRxChannelRate: u32,
          dataServiceCapability: enumOf(u8, { 0: 'none', 1: 'cs', 2: 'ps', 3: 'simultaneous-cs-ps', 4: 'non-simultaneous-cs-ps' }),
          simCapability: enumOf(u8, { 1: 'not-supported', 2: 'supported' }),
          radioInterfaceList: array(dmsRadioInterface),
        })),
      },
    }),
    getManufacturer: defineMessage({
      id: 0x0021, name: 'Get Manufacturer',
      request: {},
      response: { manufacturer: req(0x01, str()) },
    }),
    getModel: defineMessage({
      id: 0x0022, name: 'Get Model',
      request: {},
      // Some firmwares end the model with TAB or NUL: not part of the name.
      response: { model: req(0x01, str({ trim: true })) },
    }),
    getRevision: defineMessage({
      id: 0x0023, name: 'Get Revision',
      request: {},
      response: { revision: req(0x01, str()) },
    }),
    getMsisdn: defineMessage({
      id: 0x0024, name: 'Get MSISDN',
      request: {},
      response: { msisdn: req(0x01, str()) },
    }),
    getIds: defineMessage({
      id: 0x0025, name: 'Get IDs',
      request: {},
      response: { esn: tlv(0x10, str()), imei: tlv(0x11, str()), meid: tlv(0x12, str()), imeiSoftwareVersion: tlv(0x13, str()) },
    }),
    uimVerifyPin: defineMessage({
      id: 0x0028, name: 'UIM Verify PIN',
      request: { info: req(0x01, struct({ pinId: dmsPinId, pin: str8() }), { secret: true }) },
      response: { pinRetriesStatus: tlv(0x10, retriesLeft) },
    }),
    uimUnblockPin: defineMessage({
      id: 0x0029, name: 'UIM Unblock PIN',
      request: { info: req(0x01, struct({ pinId: dmsPinId, puk: str8(), newPin: str8() }), { secret: true }) },
      response: { pinRetriesStatus: tlv(0x10, retriesLeft) },
    }),
    // libqmi dms.json "Get Hardware Revision" (0x002C): one string TLV, what mmcli shows as
    // "hardware revision".
    getHardwareRevision: defineMessage({
      id: 0x002c, name: 'Get Hardware Revision',
      request: {},
      response: { revision: req(0x01, str()) },
    }),
    uimGetPinStatus: defineMessage({
      id: 0x002b, name: 'UIM Get PIN Status',
      request: {},
      response: { pin1Status: tlv(0x11, pinStatus), pin2Status: tlv(0x12, pinStatus) },
    }),
    getOperatingMode: defineMessage({
      id: 0x002d, name: 'Get Operating Mode',
      request: {},
      response: {
        mode: req(0x01, operatingMode),
        offlineReason: tlv(0x10, flagsOf(u16, {
          0: 'host-image-misconfiguration', 1: 'pri-image-misconfiguration', 2: 'pri-version-incompatible', 3: 'device-memory-full',
        })),
        hardwareRestrictedMode: tlv(0x11, bool()),
      },
    }),
    setOperatingMode: defineMessage({
      id: 0x002e, name: 'Set Operating Mode',
      request: { mode: req(0x01, operatingMode) },
      response: {},
    }),
    getTime: defineMessage({
      id: 0x002f, name: 'Get Time',
      request: {},
      response: {
        // A 6-byte counter then a u16 source (libqmi's test: reading 8 bytes here would be wrong).
        // The counter ticks in 1.25 ms since 1980-01-06 (qmicli prints "(x 1.25ms)").
        deviceTime: req(0x01, struct({ timeCount: measure(u48, 'ms', { times: 5, over: 4 }), timeSource: enumOf(u16, { 0: 'device', 1: 'cdma-network', 2: 'hdr-network' }) })),
        systemTime: tlv(0x10, u64),
        userTime: tlv(0x11, u64),
      },
    }),
    uimGetIccid: defineMessage({
      id: 0x003c, name: 'UIM Get ICCID',
      request: {},
      response: { iccid: req(0x01, str()) },
    }),
    uimGetImsi: defineMessage({
      id: 0x0043, name: 'UIM Get IMSI',
      request: {},
      response: { imsi: req(0x01, str()) },
    }),
    getBandCapabilities: defineMessage({
      id: 0x0045, name: 'Get Band Capabilities',
      request: {},
      response: {
        bandCapability: req(0x01, u64),
        lteBandCapability: tlv(0x10, u64),
        // Element counts of these two lists are u16, unlike most QMI arrays (libqmi
        // data/qmi-service-dms.json).
        extendedLteBandCapability: tlv(0x12, array(u16, 'u16')),
        nr5gBandCapability: tlv(0x13, array(u16, 'u16')),
      },
    }),
    // Sierra-only (VID 0x1199); other vendors reuse 0x5556 for something else (libqmi
    // data/qmi-service-dms.json).
    // The strings are NUL-terminated on the wire; trimming drops the terminator.
    swiGetCurrentFirmware: defineMessage({
      id: 0x5556, name: 'Swi Get Current Firmware',
      request: {},
      response: {
        model: tlv(0x10, str({ trim: true })),
        bootVersion: tlv(0x11, str({ trim: true })),
        amssVersion: tlv(0x12, str({ trim: true })),
        sku: tlv(0x13, str({ trim: true })),
        packageId: tlv(0x14, str({ trim: true })),
        carrierId: tlv(0x15, str({ trim: true })),
        priVersion: tlv(0x16, str({ trim: true })),
        carrier: tlv(0x17, str({ trim: true })),
        configVersion: tlv(0x18, str({ trim: true })),
      },
    }),
    // Sierra-only (libqmi dms.json, vendor 0x1199): the QMI way to read and change the USB
    // composition (qmicli --dms-swi-get/set-usb-composition); a change applies at the next reset.
    swiGetUsbComposition: defineMessage({
      id: 0x555b, name: 'Swi Get USB Composition',
      request: {},
      response: { current: tlv(0x10, swiUsbComposition), supported: tlv(0x11, array(swiUsbComposition)) },
    }),
    swiSetUsbComposition: defineMessage({
      id: 0x555c, name: 'Swi Set USB Composition',
      request: { current: req(0x01, swiUsbComposition) },
      response: {},
    }),
  },
});
