// Sierra Wireless DMS extensions (vendor 0x1199): the USB composition read and written over QMI,
// as qmicli --dms-swi-get/set-usb-composition do. Only a Sierra profile answers them; on other
// vendors' firmware these ids are something else or unsupported.
//
// The model keeps the composition as the AT!USBCOMP interface mask; QMI numbers compositions
// (libqmi QmiDmsSwiUsbComposition). The three the MC7455 profile knows, by their interfaces:
// 6 = DM, NMEA, AT, QMI (mask 0x10d); 7 = DM, NMEA, AT and the RMNET ports (0x50d: two RMNETs on
// this module); 8 = DM, NMEA, AT, MBIM (0x100d).

import type { DMS } from '../../qmi/services/index.ts';
import type { HandlerTable, QmiContext } from './context.ts';
import { failure, success } from './reply.ts';

const QMI_TO_MASK: Readonly<Record<number, number>> = { 6: 0x10d, 7: 0x50d, 8: 0x100d };
const NAMES = { 6: 'dm-nmea-at-qmi', 7: 'dm-nmea-at-rmnet1-rmnet2-rmnet3', 8: 'dm-nmea-at-mbim' } as const;
type Known = keyof typeof NAMES;

function isSierra(c: QmiContext): boolean {
  return c.profile.vid === 0x1199;
}

function qmiNumber(mask: number): Known | undefined {
  const hit = Object.entries(QMI_TO_MASK).find(([, m]) => m === mask);
  return hit ? (Number(hit[0]) as Known) : undefined;
}

export const SIERRA_DMS_HANDLERS: HandlerTable<typeof DMS> = {
  swiGetUsbComposition: (_r, c) => {
    if (!isSierra(c)) return failure('invalid-qmi-command');
    const current = qmiNumber(c.model.state.usbComposition);
    return success({
      ...(current === undefined ? {} : { current: NAMES[current] }),
      supported: Object.values(NAMES),
    });
  },
  swiSetUsbComposition: (req, c) => {
    if (!isSierra(c)) return failure('invalid-qmi-command');
    const n = typeof req.current === 'number' ? req.current : Number(Object.entries(NAMES).find(([, v]) => v === req.current)?.[0]);
    const mask = QMI_TO_MASK[n];
    if (mask === undefined) return failure('invalid-argument');
    // Stored, applied at the next reset (as the module does).
    c.model.setComposition(mask);
    return success();
  },
};
