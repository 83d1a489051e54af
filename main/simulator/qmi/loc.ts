// LOC: the GNSS engine's session control. The virtual modem accepts registration, start and stop
// (its NMEA goes out on the NMEA serial port, not as LOC indications).

import type { LOC } from '../../qmi/services/index.ts';
import type { HandlerTable } from './context.ts';
import { success } from './reply.ts';

export const LOC_HANDLERS: HandlerTable<typeof LOC> = {
  registerEvents: () => success(),
  start: () => success(),
  stop: () => success(),
};
