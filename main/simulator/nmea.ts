// NMEA 0183 sentences for the GPS port: a fixed position with the current UTC time, each with
// its XOR checksum (the bytes between '$' and '*').

import { nmeaChecksum } from '../at/nmea.ts';

// Re-exported: tests check the simulator's sentences against the same checksum.
export { nmeaChecksum };

function sentence(body: string): string {
  return `$${body}*${nmeaChecksum(body)}\r\n`;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** One second's worth of output: GGA (fix), RMC (recommended minimum), GSA (DOP). */
export function nmeaBurst(now: Date): string {
  const t = `${two(now.getUTCHours())}${two(now.getUTCMinutes())}${two(now.getUTCSeconds())}.00`;
  const d = `${two(now.getUTCDate())}${two(now.getUTCMonth() + 1)}${two(now.getUTCFullYear() % 100)}`;
  // Rome, Piazza Venezia: 41°53.7000'N 12°28.9200'E.
  const lat = '4153.700000,N';
  const lon = '01228.920000,E';
  return sentence(`GPGGA,${t},${lat},${lon},1,08,0.9,21.0,M,47.0,M,,`)
    + sentence(`GPRMC,${t},A,${lat},${lon},0.0,0.0,${d},,,A`)
    + sentence('GPGSA,A,3,02,05,12,13,15,18,24,25,,,,,1.6,0.9,1.3');
}
