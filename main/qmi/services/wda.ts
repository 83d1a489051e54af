// WDA (service 0x1A): the data format the modem puts on the USB link (802.3 vs raw-ip,
// aggregation). Must agree with the kernel's qmi_wwan raw_ip knob (libqmi
// data/qmi-service-wda.json; drivers/net/usb/qmi_wwan.c raw_ip_store).
// Layouts: libqmi data/qmi-service-wda.json; enum names as libqmi/qmicli print them.

import { bool, enumOf, struct, u8, u32 } from '../codec/fields.ts';
import { defineMessage, defineService, tlv } from '../schema.ts';

/**
 * A u32 here, unlike CTL Set Data Format's u16 (libqmi data/qmi-service-wda.json,
 * data/qmi-service-ctl.json).
 */
export const linkLayerProtocol = enumOf(u32, { 0: 'unknown', 1: '802-3', 2: 'raw-ip' });
const aggregationProtocol = enumOf(u32, {
  0: 'disabled', 1: 'tlp', 2: 'qc-ncm', 3: 'mbim', 4: 'rndis', 5: 'qmap', 6: 'qmapv2', 7: 'qmapv3', 8: 'qmapv4', 9: 'qmapv5',
});
const endpointInfo = struct({ endpointType: enumOf(u32, { 2: 'hsusb' }), interfaceNumber: u32 });

/** The TLVs request and reply share, at the same ids. */
const dataFormat = {
  qosFormat: tlv(0x10, bool()),
  linkLayerProtocol: tlv(0x11, linkLayerProtocol),
  uplinkDataAggregationProtocol: tlv(0x12, aggregationProtocol),
  downlinkDataAggregationProtocol: tlv(0x13, aggregationProtocol),
  ndpSignature: tlv(0x14, u32),
  downlinkDataAggregationMaxDatagrams: tlv(0x15, u32),
  downlinkDataAggregationMaxSize: tlv(0x16, u32),
};

/** What the modem answers it applied: may differ from what was asked (many firmwares are raw-ip only). */
const dataFormatReply = {
  ...dataFormat,
  uplinkDataAggregationMaxDatagrams: tlv(0x17, u32),
  uplinkDataAggregationMaxSize: tlv(0x18, u32),
  downlinkMinimumPadding: tlv(0x1a, u32),
  flowControl: tlv(0x1b, u8),
};

export const WDA = defineService({
  id: 0x1a,
  name: 'WDA',
  messages: {
    setDataFormat: defineMessage({
      id: 0x0020, name: 'Set Data Format',
      request: {
        ...dataFormat,
        endpointInfo: tlv(0x17, endpointInfo),
        // In the request these two sit at 0x1B/0x1C; in the reply at 0x17/0x18 (libqmi
        // data/qmi-service-wda.json).
        uplinkDataAggregationMaxDatagrams: tlv(0x1b, u32),
        uplinkDataAggregationMaxSize: tlv(0x1c, u32),
      },
      response: dataFormatReply,
    }),
    getDataFormat: defineMessage({
      id: 0x0021, name: 'Get Data Format',
      request: { endpointInfo: tlv(0x10, endpointInfo) },
      response: dataFormatReply,
    }),
  },
});
