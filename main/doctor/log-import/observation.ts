// What log import hands the doctor: observations with stable ids, each naming the finding it
// supports and carrying the log lines that prove it. Pure data: the doctor's rules turn
// observations into findings with fixes; the report shows the evidence lines as they were.

export type LogSeverity = 'error' | 'warning' | 'info';

/** Stable ids: tests, reports and the doctor's rules key on these strings. */
export type ObservationId =
  | 'decoder-byte-shift'
  | 'qmi-port-held'
  | 'dhcp-no-reply'
  | 'nmea-on-at-port'
  | 'usb-storage-mode'
  | 'kernel-driver-binding'
  | 'mmcli-status';

/** A line of the imported text: 1-based number and the text as it was (identifiers masked). */
export interface LogLine {
  n: number;
  text: string;
}

export interface LogObservation<D extends object = object> {
  id: ObservationId;
  /** The doctor finding this supports (issue 15's ids), when there is one. */
  finding?: string;
  severity: LogSeverity;
  title: string;
  /** Plain words: what the lines show and what it means. */
  summary: string;
  evidence: LogLine[];
  details: D;
}
