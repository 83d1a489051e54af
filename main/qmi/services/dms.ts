// DMS (service 0x02): device identity, firmware, operating mode, SIM PIN (legacy), bands.
// Layouts: qmi.md §4 (libqmi data/qmi-service-dms.json).

import { str } from '../codec/fields.ts';
import { defineMessage, defineService, tlv } from '../schema.ts';

export const DMS = defineService({
  id: 0x02,
  name: 'DMS',
  messages: {
    getIds: defineMessage({
      id: 0x0025, name: 'Get IDs',
      request: {},
      response: { esn: tlv(0x10, str()), imei: tlv(0x11, str()), meid: tlv(0x12, str()), imeiSoftwareVersion: tlv(0x13, str()) },
    }),
  },
});
