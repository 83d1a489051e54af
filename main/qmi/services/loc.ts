// LOC (service 0x10), the minimum to get NMEA out of the GNSS engine over QMI: Register Events,
// Start, Stop and the NMEA indication. Layouts: libqmi data/qmi-service-loc.json; flag and
// enum names as libqmi's (qmi-flags64-loc.h, qmi-enums-loc.h).

import { enumOf, flagsOf, str, u8, u32, u64 } from '../codec/fields.ts';
import { defineMessage, defineService, req, tlv } from '../schema.ts';

/** QmiLocEventRegistrationFlag: which indications the client wants. */
const eventRegistration = flagsOf(u64, {
  0: 'position-report', 1: 'gnss-satellite-info', 2: 'nmea', 3: 'ni-notify-verify-request', 4: 'inject-time-request',
  5: 'inject-predicted-orbits-request', 6: 'inject-position-request', 7: 'engine-state', 8: 'fix-session-state',
  9: 'wifi-request', 10: 'sensor-streaming-ready-status', 11: 'time-sync-request', 12: 'set-spi-streaming-report',
  13: 'location-server-connection-request', 14: 'ni-geofence-notification', 15: 'geofence-general-alert',
  16: 'geofence-breach-notification', 17: 'pedometer-control', 18: 'motion-data-control',
});

export const LOC = defineService({
  id: 0x10,
  name: 'LOC',
  messages: {
    registerEvents: defineMessage({
      id: 0x0021, name: 'Register Events',
      request: { eventRegistrationMask: req(0x01, eventRegistration) },
      response: {},
    }),
    start: defineMessage({
      id: 0x0022, name: 'Start',
      request: {
        sessionId: req(0x01, u8),
        fixRecurrenceType: tlv(0x10, enumOf(u32, { 1: 'request-periodic-fixes', 2: 'request-single-fix' })),
        intermediateReportState: tlv(0x12, enumOf(u32, { 0: 'unknown', 1: 'enable', 2: 'disable' })),
        // Milliseconds (ModemManager asks for 1000 or 5000).
        minimumIntervalBetweenPositionReports: tlv(0x13, u32),
      },
      response: {},
    }),
    stop: defineMessage({
      id: 0x0023, name: 'Stop',
      request: { sessionId: req(0x01, u8) },
      response: {},
    }),
    // One NMEA sentence per indication; some firmwares end it with CR LF or NUL, not part of it.
    nmea: defineMessage({
      id: 0x0026, name: 'NMEA',
      indication: { nmeaString: tlv(0x01, str({ trim: true })) },
    }),
  },
});
