// Splits pasted log text into numbered lines (bounded), and strips the prefixes the usual
// loggers put in front of a message, so one pattern matches a line from dmesg, logread,
// journalctl or a syslog file alike:
//   dmesg        "[    7.735897] qmi_wwan 1-1.4:1.4: cdc-wdm0: USB WDM device"
//   logread      "Fri Aug 16 18:42:44 2024 kern.info kernel: [    9.93] usbcore: ..."
//   syslog       "Oct 27 10:58:44 host kernel: cdc_mbim 1-7:2.12: cdc-wdm0: USB WDM device"
//   journalctl   "jun 06 05:58:16 mobian ModemManager[519]: [/dev/cdc-wdm0] ..."
// A forum paste often quotes lines with "> "; that goes too.

import { maskSecrets } from '../../at/secrets.ts';
import type { LogLine } from './observation.ts';

export const LOG_LIMITS = {
  maxBytes: 16 * 1024 * 1024,
  maxLines: 200_000,
  maxLineLength: 4096,
} as const;

// 14–20 digits in a row: an IMEI (15), IMSI (15) or ICCID (19–20) — masked in evidence, so an
// imported log cannot carry them unmasked into a report. Longer runs are not identifiers.
const IDENTIFIER = /(?<![\d])(\d{5})(\d{7,13})(\d{2})(?![\d])/g;

export function maskIdentifiers(text: string): string {
  return text.replace(IDENTIFIER, (_m, head: string, middle: string, tail: string) => `${head}${'*'.repeat(middle.length)}${tail}`);
}

export interface SplitLog {
  lines: LogLine[];
  /** True when the text was longer than LOG_LIMITS allow and the rest was ignored. */
  truncated: boolean;
}

/** Numbered lines with PINs/passwords (AT syntax) and IMSI/ICCID/IMEI masked; \r\n, \r and \n all end a line. */
export function splitLogLines(text: string): SplitLog {
  let truncated = false;
  let body = text;
  if (body.length > LOG_LIMITS.maxBytes) { body = body.slice(0, LOG_LIMITS.maxBytes); truncated = true; }
  const raw = body.split(/\r\n|\r|\n/);
  if (raw.length > LOG_LIMITS.maxLines) { raw.length = LOG_LIMITS.maxLines; truncated = true; }
  const lines: LogLine[] = [];
  raw.forEach((t, i) => {
    let s = t.length > LOG_LIMITS.maxLineLength ? t.slice(0, LOG_LIMITS.maxLineLength) : t;
    if (s.length !== t.length) truncated = true;
    s = maskIdentifiers(maskSecrets(s));
    lines.push({ n: i + 1, text: s });
  });
  return { lines, truncated };
}

const QUOTE = /^\s*(?:>\s*)+/;
const DMESG_TIME = /^\[\s*\d+\.\d+\]\s*/;
// "Fri Aug 16 18:42:44 2024 kern.info kernel: "  (OpenWrt logread)
const LOGREAD = /^\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4} [\w.]+ [^:]+: /;
// "Oct 27 10:58:44 host kernel: " / "Oct 27 10:58:44  kernel: " / "jun 06 05:58:16 mobian ModemManager[519]: "
const SYSLOG = /^\S{2,} +\d+ \d\d:\d\d:\d\d(?:\.\d+)? +(?:\S+ +)?[\w.@/-]+(?:\[\d+\])?: /;
// ISO timestamps (journalctl -o short-iso, systemd): "2024-01-26T11:40:44+0200 host kernel: "
const ISO = /^\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)? +(?:\S+ +)?[\w.@/-]+(?:\[\d+\])?: /;

/** The message part of a log line: prefixes stripped, trimmed. */
export function messageOf(text: string): string {
  let s = text.replace(QUOTE, '');
  s = s.replace(LOGREAD, '').replace(ISO, '').replace(SYSLOG, '');
  s = s.replace(DMESG_TIME, '');
  return s.trim();
}

/** The program that logged the line ("kernel", "ModemManager", "udhcpc"), when a prefix names it. */
export function taggedProgram(text: string): string | undefined {
  const s = text.replace(QUOTE, '');
  const m = /^(?:\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4} [\w.]+ |\S{2,} +\d+ \d\d:\d\d:\d\d(?:\.\d+)? +(?:\S+ +)?|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)? +(?:\S+ +)?)([\w.@/-]+)(?:\[\d+\])?: /.exec(s);
  return m?.[1];
}
