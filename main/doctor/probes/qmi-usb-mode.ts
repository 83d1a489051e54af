// The USB composition where QMI can say it: Sierra's DMS Swi Get USB Composition (libqmi
// data/qmi-service-dms.json, vendor 0x1199; compositions named by qmi_dms_swi_usb_composition_
// get_description). Other vendors keep it behind AT (Quectel AT+QCFG="usbnet", SIMCom
// AT+CUSBPIDSWITCH), read by the AT probes.

import { DMS, swiUsbComposition } from '../../qmi/services/dms.ts';
import type { Fact, UsbModeFacts } from '../facts.ts';
import { qmiRead, type ProbeContext } from './context.ts';

const SIERRA_VID = 0x1199;
/** DM, NMEA, AT, QMI: the composition with one QMI function. */
const SIERRA_QMI = 6;

function numberOf(name: string | number): number | undefined {
  if (typeof name === 'number') return name;
  const hit = Object.entries(swiUsbComposition.names).find(([, v]) => v === name);
  return hit ? Number(hit[0]) : undefined;
}

const hasQmiFunction = (label: string): boolean => /qmi|rmnet/.test(label);

export function isSierra(vid: number | undefined, manufacturer: string | undefined): boolean {
  return vid === SIERRA_VID || /sierra/i.test(manufacturer ?? '');
}

export async function probeQmiUsbMode(ctx: ProbeContext, manufacturer: string | undefined): Promise<Fact<UsbModeFacts> | undefined> {
  if (!isSierra(ctx.open.target.usb?.vid, manufacturer)) return undefined;
  const r = await qmiRead(ctx, 'qmi-usb-mode', DMS, DMS.messages.swiGetUsbComposition);
  const cur = r?.fields.current;
  if (!r || cur === undefined) return undefined;
  const value = numberOf(cur);
  if (value === undefined) return undefined;
  const label = typeof cur === 'string' ? cur : undefined;
  const supported = (r.fields.supported ?? []).map((s) => numberOf(s));
  return {
    value: {
      value, ...(label ? { label } : {}), hasQmi: label ? hasQmiFunction(label) : false,
      ...(supported.includes(SIERRA_QMI) || supported.length === 0 ? { qmiValue: SIERRA_QMI } : {}),
    },
    via: 'qmi', evidence: [r.request.seq, r.response.seq],
  };
}
