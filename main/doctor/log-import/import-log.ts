// Log import: pasted text from uqmi, qmicli, logread/syslog/journal, dmesg, mmcli and AT
// terminal sessions in, structured observations out. Pure: no I/O, no clock, same text gives
// the same result. The doctor turns observations into findings (the `finding` field names which).

import { recogniseByteShift, type ByteShiftOptions } from './byte-shift.ts';
import { recogniseDhcpNoReply } from './dhcp-no-reply.ts';
import { splitLogLines } from './log-lines.ts';
import { recogniseMmcliStatus } from './mmcli-status.ts';
import { recogniseNmeaOnAtPort } from './nmea-on-at-port.ts';
import type { LogObservation } from './observation.ts';
import { recogniseQmiPortHeld } from './qmi-port-held.ts';
import { recogniseUsbLines } from './usb-observations.ts';
import { findUqmiDumps } from './uqmi-dumps.ts';

export interface LogImportResult {
  observations: LogObservation[];
  lineCount: number;
  /** The text was longer than the import reads (see LOG_LIMITS); the tail was ignored. */
  truncated: boolean;
}

export type LogImportOptions = ByteShiftOptions;

const ORDER = { error: 0, warning: 1, info: 2 } as const;

export function importLog(text: string, opts: LogImportOptions = {}): LogImportResult {
  const { lines, truncated } = splitLogLines(text);
  const observations: LogObservation[] = [
    ...recogniseByteShift(findUqmiDumps(lines), opts),
    ...recogniseQmiPortHeld(lines),
    ...recogniseDhcpNoReply(lines),
    ...recogniseNmeaOnAtPort(lines),
    ...recogniseUsbLines(lines),
    ...recogniseMmcliStatus(lines),
  ];
  // Errors first, then by where their evidence starts: a stable order for reports and tests.
  observations.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || (a.evidence[0]?.n ?? 0) - (b.evidence[0]?.n ?? 0));
  return { observations, lineCount: lines.length, truncated };
}
