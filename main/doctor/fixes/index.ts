// Every fix, by id: the only place they are registered (FixId in main/doctor/finding.ts).

import type { FixId } from '../finding.ts';
import { alignDataFormat } from './align-data-format.ts';
import { connectTest } from './connect-test.ts';
import type { Fix } from './context.ts';
import { disableAutoconnect } from './disable-autoconnect.ts';
import { freeDevice } from './free-device.ts';
import { radioOn } from './radio-on.ts';
import { setApn } from './set-apn.ts';
import { setUsbnetMode } from './set-usbnet-mode.ts';
import { unlockSim } from './unlock-sim.ts';

export const FIXES: Readonly<Record<FixId, Fix>> = {
  'unlock-sim': unlockSim,
  'free-device': freeDevice,
  'set-apn': setApn,
  'align-data-format': alignDataFormat,
  'set-usbnet-mode': setUsbnetMode,
  'disable-autoconnect': disableAutoconnect,
  'radio-on': radioOn,
  'connect-test': connectTest,
};
