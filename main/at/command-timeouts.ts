// How long to wait for the final result of a command before calling it lost. One number for
// everything is wrong both ways: 3 s kills a network scan (AT+COPS=? takes 30-180 s) and 180 s
// makes a port that never answers look like a hang. Families and values follow 3GPP TS 27.007 and
// the vendor manuals' "maximum response time" columns (Quectel: COPS=? 180 s, CGACT 150 s,
// CFUN 15 s; rounded up here because a busy modem answers late rather than never).

import { parseCommandLine, type CommandPart } from './parsers/command.ts';

/** A plain query (AT+CSQ, AT+CPIN?, AT+CGDCONT?): the modem answers from memory. */
export const PLAIN_QUERY_TIMEOUT_MS = 3000;
/** A set command with no known family: most write NV or a register and answer within seconds. */
const DEFAULT_SET_TIMEOUT_MS = 10_000;

interface TimeoutRule {
  /** Upper-cased name with prefix ('+COPS', '!RESET', 'D'). */
  name: string;
  /** Which forms the rule applies to; all when absent. */
  forms?: CommandPart['form'][];
  ms: number;
  why: string;
}

const RULES: TimeoutRule[] = [
  { name: '+COPS', forms: ['test'], ms: 180_000, why: 'network scan over every band' },
  { name: '+COPS', forms: ['set'], ms: 120_000, why: 'manual or automatic operator selection waits for registration' },
  { name: '+CGACT', forms: ['set'], ms: 150_000, why: 'PDP context activation waits for the network' },
  { name: '+CGATT', forms: ['set'], ms: 140_000, why: 'packet attach/detach waits for the network' },
  { name: '+QIACT', forms: ['set'], ms: 150_000, why: 'Quectel context activation' },
  { name: '+QIDEACT', forms: ['set'], ms: 40_000, why: 'Quectel context deactivation' },
  { name: '+QNETDEVCTL', forms: ['set'], ms: 60_000, why: 'Quectel ECM/RNDIS data call' },
  { name: '#ECM', forms: ['set'], ms: 60_000, why: 'Telit ECM data call' },
  { name: '^NDISDUP', forms: ['set'], ms: 60_000, why: 'Huawei NDIS data call' },
  { name: '+CFUN', forms: ['set'], ms: 60_000, why: 'radio on/off and SIM power cycle' },
  { name: 'D', ms: 60_000, why: 'dialling waits for CONNECT' },
  { name: '+CMGS', ms: 60_000, why: 'sending an SMS waits for the network' },
  { name: '+CPIN', forms: ['set'], ms: 20_000, why: 'the SIM verifies the PIN/PUK' },
  { name: '+CLCK', ms: 20_000, why: 'facility lock goes to the SIM (or the network for barring)' },
  { name: '+CPWD', ms: 20_000, why: 'password change goes to the SIM' },
  { name: '+CRSM', ms: 10_000, why: 'SIM file access' },
  { name: '+CSIM', ms: 10_000, why: 'SIM APDU' },
  // SIM-backed reads are slower than register reads, especially right after boot.
  { name: '+CIMI', ms: 10_000, why: 'read from the SIM' },
  { name: '+CCID', ms: 10_000, why: 'read from the SIM' },
  { name: '+ICCID', ms: 10_000, why: 'read from the SIM' },
  { name: '+QCCID', ms: 10_000, why: 'read from the SIM' },
  { name: '+CICCID', ms: 10_000, why: 'read from the SIM' },
  { name: '^ICCID', ms: 10_000, why: 'read from the SIM' },
  { name: '+CPINR', ms: 10_000, why: 'read from the SIM' },
  { name: '+CNUM', ms: 10_000, why: 'read from the SIM' },
  // Engineering/status dumps are assembled by the firmware on demand.
  { name: '+QENG', ms: 10_000, why: 'serving/neighbour cell report' },
  { name: '!GSTATUS', ms: 10_000, why: 'Sierra status report' },
  { name: '+CPSI', ms: 10_000, why: 'SIMCom system information' },
  // Reset-type commands answer OK before the USB device goes away.
  { name: '!RESET', ms: 15_000, why: 'module reset' },
  { name: '+CUSBPIDSWITCH', forms: ['set'], ms: 15_000, why: 'USB composition switch and reboot' },
  { name: '+QPOWD', ms: 15_000, why: 'power down' },
];

export interface CommandTimeout {
  ms: number;
  /** Why this value: shown in timeout messages so a user can tell a slow command from a dead port. */
  why: string;
}

/** Default timeout for a command line; for `AT+A;+B` the slowest part wins. */
export function defaultTimeoutFor(command: string): CommandTimeout {
  const parts = parseCommandLine(command);
  let best: CommandTimeout | null = null;
  for (const part of parts) {
    const t = timeoutForPart(part);
    if (best === null || t.ms > best.ms) best = t;
  }
  return best ?? { ms: PLAIN_QUERY_TIMEOUT_MS, why: 'plain query' };
}

function timeoutForPart(part: CommandPart): CommandTimeout {
  for (const rule of RULES) {
    if (rule.name === part.name && (rule.forms === undefined || rule.forms.includes(part.form))) {
      return { ms: rule.ms, why: rule.why };
    }
  }
  if (part.form === 'set') return { ms: DEFAULT_SET_TIMEOUT_MS, why: 'set command' };
  return { ms: PLAIN_QUERY_TIMEOUT_MS, why: 'plain query' };
}
