// CTL (service 0x00): client ids, version info, sync, data format, and libqmi's proxy open.
// Layouts: libqmi data/qmi-service-ctl.json.

import { array, enumOf, str, struct, u8, u16 } from '../codec/fields.ts';
import { defineMessage, defineService, req, tlv } from '../schema.ts';

const serviceCid = struct({ service: u8, clientId: u8 });

export const CTL = defineService({
  id: 0x00,
  name: 'CTL',
  messages: {
    setInstanceId: defineMessage({
      id: 0x0020, name: 'Set Instance ID',
      request: { id: req(0x01, u8) },
      response: { linkId: tlv(0x01, u16) },
    }),
    getVersionInfo: defineMessage({
      id: 0x0021, name: 'Get Version Info',
      request: {},
      response: { services: req(0x01, array(struct({ service: u8, major: u16, minor: u16 }))) },
    }),
    allocateCid: defineMessage({
      id: 0x0022, name: 'Allocate CID',
      request: { service: req(0x01, u8) },
      response: { allocation: req(0x01, serviceCid) },
    }),
    releaseCid: defineMessage({
      id: 0x0023, name: 'Release CID',
      request: { release: req(0x01, serviceCid) },
      response: { release: req(0x01, serviceCid) },
    }),
    setDataFormat: defineMessage({
      id: 0x0026, name: 'Set Data Format',
      request: {
        format: req(0x01, enumOf(u8, { 0: 'qos-flow-header-absent', 1: 'qos-flow-header-present' })),
        protocol: tlv(0x10, enumOf(u16, { 0: 'unknown', 1: '802-3', 2: 'raw-ip' })),
      },
      response: { protocol: tlv(0x10, enumOf(u16, { 0: 'unknown', 1: '802-3', 2: 'raw-ip' })) },
    }),
    sync: defineMessage({
      id: 0x0027, name: 'Sync',
      request: {},
      response: {},
      indication: {},
    }),
    internalProxyOpen: defineMessage({
      id: 0xff00, name: 'Internal Proxy Open',
      request: { devicePath: req(0x01, str()) },
      response: {},
    }),
  },
});
