// Telit AT#USBCFG? and Fibocom AT+GTUSBMODE?: one number whose meaning is per product family
// (each family's Telit or Fibocom AT command reference), so the number is returned as is and
// never mapped blindly.

import { fieldsAfter, toInt } from './fields.ts';
import { fail, ok, type ParseOutcome } from './outcome.ts';

export interface UsbModeResult { mode: number }

function single(lines: string[], prefix: string): ParseOutcome<UsbModeResult> {
  const f = fieldsAfter(lines, prefix);
  if (f === null) return fail(lines.join('\n'), `no ${prefix}: line in the response`);
  const mode = toInt(f.fields[0]?.text);
  if (mode === undefined) return fail(f.line, `${prefix} mode "${f.fields[0]?.text ?? ''}" is not a number`);
  return ok({ mode });
}

export const parseTelitUsbcfg = (lines: string[]): ParseOutcome<UsbModeResult> => single(lines, '#USBCFG');
export const parseFibocomUsbmode = (lines: string[]): ParseOutcome<UsbModeResult> => single(lines, '+GTUSBMODE');
