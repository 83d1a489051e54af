// The USB composition over AT, per vendor: Quectel AT+QCFG="usbnet" (0 rmnet/QMI, 1 ECM, 2 MBIM,
// 3 RNDIS: Quectel EC25 AT Commands Manual), Sierra AT!USBCOMP? (an interface bitmask; bit 8 is
// RMNET0, the QMI function: Sierra AirPrime MC/EM74xx AT Command Reference; the command wants
// AT!ENTERCND="A710" first, the documented unlock of Sierra's engineering commands, no secret),
// SIMCom AT+CUSBPIDSWITCH? (the USB product id: 9001 has QMI, 9011 RNDIS, 9003 MBIM: SIMCom
// SIM7500/SIM7600 AT Command Manual). Reading changes nothing; the switch is the set-usbnet-mode fix.

import type { CusbpidswitchResult, UsbcompResult, UsbnetResult } from '../../at/parsers/index.ts';
import type { Fact, UsbModeFacts } from '../facts.ts';
import { cite, type AtAsker } from './at-ask.ts';
import type { AtVendor } from './at-vendor.ts';

const QUECTEL_QMI = 0;
const SIERRA_RMNET0 = 1 << 8;
const SIERRA_MBIM = 1 << 12;
const SIMCOM_QMI_PID = 0x9001;
const SIMCOM_KNOWN: Readonly<Record<number, { label: string; hasQmi: boolean }>> = {
  0x9001: { label: 'QMI (default)', hasQmi: true },
  0x9011: { label: 'RNDIS', hasQmi: false },
  0x9003: { label: 'MBIM', hasQmi: false },
};

export async function probeUsbModeAt(ask: AtAsker, vendor: AtVendor): Promise<Fact<UsbModeFacts> | undefined> {
  switch (vendor) {
    case 'quectel': {
      const a = await ask.ask<UsbnetResult>('AT+QCFG="usbnet"', 'usb-mode');
      if (!a.value) return undefined;
      const m = a.value.mode;
      return { value: { value: m, label: a.value.modeName, hasQmi: m === QUECTEL_QMI, qmiValue: QUECTEL_QMI }, via: 'at', evidence: cite(a) };
    }
    case 'sierra': {
      const unlock = await ask.ask<unknown>('AT!ENTERCND="A710"', 'usb-mode');
      const a = await ask.ask<UsbcompResult>('AT!USBCOMP?', 'usb-mode');
      if (!a.value) return undefined;
      const mask = a.value.maskValue;
      // Without QMI: swap MBIM for RMNET0, keep the serial functions the user had.
      const qmiValue = a.value.qmi ? mask : ((mask & ~SIERRA_MBIM) | SIERRA_RMNET0) >>> 0;
      return {
        value: { value: mask, label: (a.value.reportedInterfaces ?? a.value.interfaces).join('+').toUpperCase(), hasQmi: a.value.qmi, qmiValue },
        via: 'at', evidence: cite(unlock, a),
      };
    }
    case 'simcom': {
      const a = await ask.ask<CusbpidswitchResult>('AT+CUSBPIDSWITCH?', 'usb-mode');
      if (!a.value) return undefined;
      const known = SIMCOM_KNOWN[a.value.productId];
      if (!known) {
        ask.problems.push({ probe: 'usb-mode', message: `USB product id ${a.value.pid} is not one whose functions are known here`, evidence: a.evidence });
        return undefined;
      }
      return { value: { value: a.value.productId, label: known.label, hasQmi: known.hasQmi, qmiValue: SIMCOM_QMI_PID }, via: 'at', evidence: cite(a) };
    }
    default: return undefined;
  }
}
