// A terminal session that typed AT commands into a GNSS port: NMEA 0183 sentences ($GPGSV,
// $GPGGA, $GNRMC, ...) stream back and no command ever gets OK or ERROR. On a Quectel EC25 the
// NMEA port is one of the ttyUSBs next to the AT ports, so picking the wrong one is common.
// A modem that answers an AT command WITH an NMEA sentence and then OK (Fibocom AT+GTGPS="RMC"
// returns "$GPRMC,,V,,,,,,,,,,N*53" then OK, Kodo-kakaku/luci-app-gpoint#39) is not this: the
// command was answered.

import { messageOf } from './log-lines.ts';
import type { LogLine, LogObservation } from './observation.ts';

export interface NmeaOnAtPortDetails {
  port?: string;
  unansweredCommands: string[];
  sentences: number;
}

const AT_COMMAND = /^(AT[A-Z+&$^!#%*]?[^\r\n]*)$/i;
const NMEA = /^\$(?:GP|GN|GL|GA|GB|BD|GQ|QZ|GI)[A-Z]{3},[^\s]*$/;
const FINAL = /^(?:OK|ERROR|\+CM[ES] ERROR:.*|NO CARRIER|BUSY|NO ANSWER|NO DIALTONE|CONNECT.*)$/;
const PORT = /(\/dev\/tty(?:USB|ACM)\d+)/;

export function recogniseNmeaOnAtPort(lines: readonly LogLine[]): LogObservation<NmeaOnAtPortDetails>[] {
  let port: string | undefined;
  let open: { line: LogLine; nmea: LogLine[] } | undefined;
  const unanswered: { line: LogLine; nmea: LogLine[] }[] = [];
  let sentences = 0;
  const close = () => { if (open && open.nmea.length > 0) unanswered.push(open); open = undefined; };

  for (const line of lines) {
    const msg = messageOf(line.text);
    port ??= PORT.exec(line.text)?.[1];
    if (AT_COMMAND.test(msg) && !NMEA.test(msg)) { close(); open = { line, nmea: [] }; continue; }
    if (NMEA.test(msg)) { sentences++; open?.nmea.push(line); continue; }
    if (FINAL.test(msg) && open) open = undefined;  // answered: whatever NMEA came with it was the reply
  }
  close();
  if (unanswered.length === 0) return [];
  const details: NmeaOnAtPortDetails = { unansweredCommands: unanswered.map((u) => messageOf(u.line.text)), sentences };
  if (port) details.port = port;
  const evidence = unanswered.slice(0, 3).flatMap((u) => [u.line, ...u.nmea.slice(0, 2)]);
  return [{
    id: 'nmea-on-at-port',
    finding: 'wrong-at-port',
    severity: 'error',
    title: `AT commands were typed into the GNSS (NMEA) port${port ? ` ${port}` : ''}`,
    summary: `${unanswered.length} AT command${unanswered.length === 1 ? '' : 's'} got no OK or ERROR, only NMEA position sentences (${sentences} in the log): this port streams GNSS data and ignores AT. Use the modem's AT port instead (on a Quectel EC25 usually ttyUSB2; ttyUSB1 is NMEA).`,
    evidence,
    details,
  }];
}
