// qmicli failing to read its port: libqmi logs "Error reading from istream: Resource temporarily
// unavailable" when another reader (usually ModemManager, or a second qmicli/uqmi) takes the
// replies off the same /dev/cdc-wdm device, and "couldn't open the QmiDevice" when the open
// itself fails. Real example (OpenStick/OpenStick#92):
//   [24 Dec 2025, 01:06:35] -Warning ** Error reading from istream: Resource temporarily unavailable
//   error: couldn't create client for the 'dms' service: CID allocation failed in the CTL client: endpoint hangup
// ModemManager's own lines or mmcli output in the same log show who the other reader is.

import { messageOf, taggedProgram } from './log-lines.ts';
import type { LogLine, LogObservation } from './observation.ts';

export interface QmiPortHeldDetails {
  /** The QMI device named in the lines, when one is. */
  device?: string;
  modemManagerSeen: boolean;
}

const ISTREAM = /Error reading from istream: Resource temporarily unavailable/i;
const OPEN_FAILED = /couldn't open the QmiDevice: .*(?:Resource (?:temporarily unavailable|busy)|Device or resource busy)/i;
const FOLLOW_UP = /^error: (?:couldn't create client for the '\w+' service|operation failed): .*(?:endpoint hangup|Transaction timed out)/i;
const MM_LINE = /ModemManager\[\d+\]:|\/org\/freedesktop\/ModemManager1\/Modem\/\d+/;
const DEVICE = /(?:\[|-d\s+|--device[= ])(\/dev\/(?:cdc-wdm\d+|wwan\d+qmi\d+))/;

export function recogniseQmiPortHeld(lines: readonly LogLine[]): LogObservation<QmiPortHeldDetails>[] {
  const evidence: LogLine[] = [];
  const mm: LogLine[] = [];
  let device: string | undefined;
  for (const line of lines) {
    const msg = messageOf(line.text);
    if (ISTREAM.test(msg) || OPEN_FAILED.test(msg)) {
      evidence.push(line);
    } else if (evidence.length > 0 && FOLLOW_UP.test(msg)) {
      evidence.push(line);
    }
    if (MM_LINE.test(line.text) || taggedProgram(line.text) === 'ModemManager') mm.push(line);
    device ??= DEVICE.exec(line.text)?.[1];
  }
  if (!evidence.some((l) => ISTREAM.test(l.text) || OPEN_FAILED.test(l.text))) return [];
  const modemManagerSeen = mm.length > 0;
  const where = device ? ` on ${device}` : '';
  const details: QmiPortHeldDetails = { modemManagerSeen };
  if (device) details.device = device;
  return [{
    id: 'qmi-port-held',
    finding: modemManagerSeen ? 'modemmanager-holds-device' : 'port-busy',
    severity: 'error',
    title: modemManagerSeen ? 'ModemManager holds the QMI port that qmicli tried to use' : 'Another program holds the QMI port',
    summary: `qmicli could not read its replies${where} ("Resource temporarily unavailable"): another program is reading the same port and takes them. ` +
      (modemManagerSeen ? 'ModemManager is running and manages this modem (its lines are in the log): stop or inhibit it, or run qmicli with -p to go through qmi-proxy.'
        : 'Usually that is ModemManager (or a second qmicli/uqmi); a modem that stopped answering shows the same. Check who holds it, or run qmicli with -p to share it through qmi-proxy.'),
    evidence: [...evidence.slice(0, 6), ...mm.slice(0, 3)].sort((a, b) => a.n - b.n),
    details,
  }];
}
