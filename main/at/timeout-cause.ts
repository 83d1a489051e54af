// Why a command got no final result, judged from what did arrive while it was in flight: a port
// that stayed silent (owned by another program, or not an AT port), one that streams GPS
// sentences (the NMEA port), one that speaks binary (DIAG/QCDM), or a modem that started to
// answer and stopped (busy, resetting). The words tell the user which port to try instead.

import type { TimeoutCause } from './channel-errors.ts';

export interface TimeoutEvidence {
  /** The command, secrets masked. */
  command: string;
  timeoutMs: number;
  /** Why this limit ("set by the caller", "network scan"...). */
  timeoutWhy: string;
  /** Bytes received while the command was in flight. */
  bytes: number;
  /** Of those, bytes that are not printable ASCII, CR, LF or TAB. */
  nonTextBytes: number;
  /** Complete NMEA sentences among the lines received. */
  nmeaLines: number;
  /** What arrived, secrets masked. */
  received: string;
}

export interface TimeoutExplanation {
  cause: TimeoutCause;
  message: string;
  /** `received` cut to a readable length. */
  sample: string;
}

const SAMPLE_CHARS = 200;

export function explainTimeout(e: TimeoutEvidence): TimeoutExplanation {
  const sample = e.received.length > SAMPLE_CHARS ? `${e.received.slice(0, SAMPLE_CHARS)}…` : e.received;
  const waited = `no final result for ${e.command} within ${e.timeoutMs} ms (${e.timeoutWhy})`;
  if (e.bytes === 0) {
    return { cause: 'silent', sample, message: `${waited}: not a single byte came back. The port is owned by another process (ModemManager?) ` +
      'or is not an AT port (NMEA/DIAG); try the modem\'s other ports or free this one' };
  }
  if (e.nmeaLines > 0) {
    return { cause: 'nmea', sample, message: `${waited}: only GPS sentences came back (${JSON.stringify(sample.slice(0, 40))}…): ` +
      'this is the NMEA/GPS port, which never answers AT; use the AT port' };
  }
  // A quarter of non-text bytes: AT text has none, a DIAG/QCDM frame is mostly such bytes.
  if (e.nonTextBytes * 4 >= e.bytes) {
    return { cause: 'binary', sample, message: `${waited}: binary data came back (${e.bytes} bytes): this looks like a DIAG/QCDM port, ` +
      'which speaks a binary protocol; do not send AT to it, use the AT port' };
  }
  return { cause: 'partial', sample, message: `${waited}: a partial reply came back without OK/ERROR (${JSON.stringify(sample)}): ` +
    'the modem is busy or resetting; retry, or give this command a longer timeout' };
}
