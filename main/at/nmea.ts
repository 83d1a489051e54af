// NMEA 0183, as far as this project needs it: the AT side recognises GPS sentences (to tell the
// NMEA port from an AT port) and the simulator writes them. Both use this one checksum, so a
// sentence the simulator writes is by construction one the port prober accepts.

// An NMEA sentence's start: $ + talker (GP, GN, GL, GA, GB, BD, GQ, or proprietary P...) + type.
export const NMEA_SENTENCE_RE = /^\$(?:G[PNLABQ]|BD|P[A-Z]{3,})[A-Z]{3}[,*]/;

/** The checksum of a sentence body (the characters between `$` and `*`): their XOR, as two upper-case hex digits. */
export function nmeaChecksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
}

/** True when `sentence` is `$body*HH` (trailing whitespace allowed) and HH is body's checksum, in either case. */
export function nmeaChecksumValid(sentence: string): boolean {
  const m = /^\$([^*$]+)\*([0-9A-Fa-f]{2})\s*$/.exec(sentence);
  if (!m) return false;
  return nmeaChecksum(m[1]!) === m[2]!.toUpperCase();
}
