// Device identity over AT: 27.007 §5.1–5.4 AT+CGMI, +CGMM, +CGMR, +CGSN (manufacturer, model,
// firmware revision, IMEI). Each is one question; what a modem does not answer stays absent.

import type { InfoTextResult, ImeiResult } from '../../at/parsers/index.ts';
import type { DeviceFacts, Fact } from '../facts.ts';
import { cite, type AtAsker } from './at-ask.ts';

export async function probeIdentityAt(ask: AtAsker): Promise<Fact<DeviceFacts> | undefined> {
  const cgmi = await ask.ask<InfoTextResult>('AT+CGMI', 'identity');
  if (cgmi.timedOut) return undefined;
  const cgmm = await ask.ask<InfoTextResult>('AT+CGMM', 'identity');
  const cgmr = await ask.ask<InfoTextResult>('AT+CGMR', 'identity');
  const cgsn = await ask.ask<ImeiResult>('AT+CGSN', 'identity');
  const device: DeviceFacts = {};
  if (cgmi.value?.text) device.manufacturer = cgmi.value.text;
  if (cgmm.value?.text) device.model = cgmm.value.text;
  if (cgmr.value?.text) device.revision = cgmr.value.text;
  if (cgsn.value?.imei) device.imei = cgsn.value.imei;
  if (Object.keys(device).length === 0) return undefined;
  return { value: device, via: 'at', evidence: cite(cgmi, cgmm, cgmr, cgsn) };
}
