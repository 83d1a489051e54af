// Which of a modem's ttys is the AT port? The device table answers for known modems; for the
// rest we look, as gently as possible, because the wrong probe does harm: AT typed into the
// NMEA port is ignored (the seed's user lost a day to that), and text sent to a DIAG/QCDM port is
// fed to a binary protocol parser. So, per port of unknown role:
//   1. LISTEN (1.5 s by default) without writing anything: NMEA ports talk on their own
//      ($GPGSV, $GNRMC... each with a checksum), DIAG ports sometimes stream binary log frames
//      (HDLC: 0x7e ends a frame).
//   2. Only if that was inconclusive, send ONE `AT` with a short timeout: OK (or any final
//      result) means AT; binary back means DIAG; silence means we do not know.
// A port once seen as DIAG is remembered and never sent AT again in this process.

import type { ByteTransport } from '../transport/byte-transport.ts';
import { TransportError } from '../transport/byte-transport.ts';
import { SerialTransport } from '../transport/serial-port.ts';
import { AtChannel, AtChannelError, AtTimeoutError } from './channel.ts';
import { isTextByte } from './line-assembler.ts';
import { NMEA_SENTENCE_RE, nmeaChecksumValid } from './nmea.ts';

// Re-exported: callers and tests have always taken the checksum check from here.
export { nmeaChecksumValid };

export type PortRole =
  | 'at'          // answers AT commands
  | 'nmea'        // GPS sentence output, never answers AT
  | 'diag'        // Qualcomm DIAG/QCDM binary protocol
  | 'ppp'         // AT port reserved for PPP data calls (from the device table)
  | 'audio'       // from the device table
  | 'unknown'     // silent, or nothing conclusive
  | 'unavailable'; // could not be opened (missing, permission, busy): see evidence.openError

export type RoleConfidence = 'table' | 'high' | 'medium' | 'low';

export interface PortInput {
  path: string;
  interfaceNumber?: number;
  /** From the device table (VID:PID + interface number): such ports are not probed. */
  knownRole?: PortRole;
}

export interface PortEvidence {
  /** How long we listened before writing anything (0 when not probed). */
  listenedMs: number;
  /** Bytes heard while listening. */
  heardBytes: number;
  /** Printable rendering of the first bytes heard (control characters escaped). */
  heardText: string;
  /** Hex of the first bytes heard (for binary ports). */
  heardHex: string;
  nmeaSentences: number;
  /** Sentences whose *HH checksum is right: strong evidence, text noise does not pass it. */
  nmeaValidChecksums: number;
  /** Sentence types seen, e.g. ['GPGGA', 'GPRMC']. */
  nmeaTypes: string[];
  nonTextBytes: number;
  /** 0x7e bytes: the HDLC frame delimiter of DIAG/QCDM. */
  hdlcFlags: number;
  /** True once `AT` was written to the port (at most once per probe). */
  atSent: boolean;
  /** What came back to AT (printable, cut), its final result and how long it took. */
  atReply?: string;
  atFinal?: string;
  atReplyMs?: number;
  atReplyHex?: string;
  openError?: string;
  /** Why no probe was done (table role, remembered DIAG port). */
  skipped?: string;
}

export interface PortRoleResult {
  path: string;
  interfaceNumber?: number;
  role: PortRole;
  confidence: RoleConfidence;
  /** One sentence a person can read. */
  summary: string;
  evidence: PortEvidence;
}

export interface ProbeProgress {
  done: number;
  total: number;
  /** The port that just finished. */
  result: PortRoleResult;
}

export interface ProbeOptions {
  listenMs?: number;
  atTimeoutMs?: number;
  onProgress?: (p: ProbeProgress) => void;
  /** Opens a port; defaults to the serial transport (injectable for other streams). */
  openPort?: (path: string) => Promise<ByteTransport>;
  /** Ports known to be DIAG: never sent AT. Defaults to one memory per process. */
  diagMemory?: Set<string>;
}

const DEFAULT_LISTEN_MS = 1500;
const DEFAULT_AT_TIMEOUT_MS = 1000;
const SAMPLE_BYTES = 96;
const processDiagMemory = new Set<string>();

/** Probes ports in parallel; ports with a known role come back as-is with confidence 'table'. */
export async function probePortRoles(ports: PortInput[], options: ProbeOptions = {}): Promise<PortRoleResult[]> {
  let done = 0;
  const total = ports.length;
  return Promise.all(ports.map(async (port) => {
    const result = await probeOne(port, options);
    done++;
    try {
      options.onProgress?.({ done, total, result });
    } catch {
      // a progress display failing must not lose the result
    }
    return result;
  }));
}

function emptyEvidence(): PortEvidence {
  return {
    listenedMs: 0, heardBytes: 0, heardText: '', heardHex: '', nmeaSentences: 0, nmeaValidChecksums: 0,
    nmeaTypes: [], nonTextBytes: 0, hdlcFlags: 0, atSent: false,
  };
}

function base(port: PortInput): Pick<PortRoleResult, 'path' | 'interfaceNumber'> {
  return port.interfaceNumber === undefined ? { path: port.path } : { path: port.path, interfaceNumber: port.interfaceNumber };
}

async function probeOne(port: PortInput, options: ProbeOptions): Promise<PortRoleResult> {
  const evidence = emptyEvidence();
  if (port.knownRole !== undefined) {
    evidence.skipped = 'role from the device table';
    return { ...base(port), role: port.knownRole, confidence: 'table', summary: `${port.knownRole} (device table; not probed)`, evidence };
  }
  const memory = options.diagMemory ?? processDiagMemory;
  if (memory.has(port.path)) {
    evidence.skipped = 'identified as DIAG earlier: AT is never sent to it again';
    return { ...base(port), role: 'diag', confidence: 'high', summary: 'DIAG/QCDM port (seen earlier; not probed again)', evidence };
  }

  let transport: ByteTransport;
  try {
    transport = await (options.openPort ?? ((p) => SerialTransport.open(p, { openTimeoutMs: 3000 })))(port.path);
  } catch (e) {
    evidence.openError = e instanceof Error ? e.message : String(e);
    const busy = e instanceof TransportError && e.code === 'busy';
    return {
      ...base(port), role: 'unavailable', confidence: busy ? 'medium' : 'low',
      summary: `could not open: ${evidence.openError}`, evidence,
    };
  }

  try {
    // 1. Listen.
    const listenMs = options.listenMs ?? DEFAULT_LISTEN_MS;
    const heard: Buffer[] = [];
    let listening = true;
    transport.onData((chunk) => { if (listening) heard.push(chunk); });
    await new Promise((r) => setTimeout(r, listenMs));
    listening = false;
    evidence.listenedMs = listenMs;
    describeHeard(Buffer.concat(heard), evidence);

    const fromListening = judgeListening(evidence);
    if (fromListening) {
      if (fromListening.role === 'diag') memory.add(port.path);
      return { ...base(port), ...fromListening, evidence };
    }

    // 2. One short AT.
    const judged = await probeWithOneAt(transport, options.atTimeoutMs ?? DEFAULT_AT_TIMEOUT_MS, evidence);
    if (judged.role === 'diag') memory.add(port.path);
    return { ...base(port), ...judged, evidence };
  } finally {
    await transport.close();
  }
}

type Judgement = Pick<PortRoleResult, 'role' | 'confidence' | 'summary'>;

function judgeListening(ev: PortEvidence): Judgement | null {
  if (ev.nmeaValidChecksums > 0) {
    return {
      role: 'nmea', confidence: 'high',
      summary: `streams GPS sentences on its own (${ev.nmeaTypes.join(', ')}; ${ev.nmeaValidChecksums} with valid checksums): ` +
        'the NMEA port, which never answers AT; AT was not sent',
    };
  }
  if (ev.nmeaSentences > 0) {
    return {
      role: 'nmea', confidence: 'medium',
      summary: `streams NMEA-like sentences (${ev.nmeaTypes.join(', ')}) without valid checksums: probably the NMEA port; AT was not sent`,
    };
  }
  if (looksBinary(ev.heardBytes, ev.nonTextBytes)) {
    return {
      role: 'diag', confidence: ev.hdlcFlags > 0 ? 'high' : 'medium',
      summary: `streams binary data on its own (${ev.heardBytes} bytes${ev.hdlcFlags > 0 ? ', HDLC 0x7e frames' : ''}): ` +
        'the DIAG/QCDM port; AT was not sent and will not be',
    };
  }
  return null;
}

async function probeWithOneAt(transport: ByteTransport, timeoutMs: number, ev: PortEvidence): Promise<Judgement> {
  const raw: Buffer[] = [];
  transport.onData((chunk) => raw.push(chunk));
  const channel = new AtChannel(transport);
  ev.atSent = true;
  const started = performance.now();
  try {
    const reply = await channel.send('AT', { timeoutMs });
    ev.atReplyMs = Math.round(performance.now() - started);
    ev.atReply = printable(reply.raw);
    ev.atFinal = reply.finalLine;
    return {
      role: 'at', confidence: 'high',
      summary: `answered AT with ${reply.finalLine} in ${ev.atReplyMs} ms: an AT port` + (reply.echoed ? ' (echo is on)' : ''),
    };
  } catch (e) {
    const bytes = Buffer.concat(raw);
    ev.atReply = printable(bytes.toString('latin1'));
    ev.atReplyHex = bytes.subarray(0, SAMPLE_BYTES).toString('hex');
    if (!(e instanceof AtTimeoutError)) {
      const why = e instanceof AtChannelError ? e.message : String(e);
      return { role: 'unknown', confidence: 'low', summary: `AT could not be completed: ${why}` };
    }
    const nonText = countNonText(bytes);
    if (e.likelyCause === 'binary' || looksBinary(bytes.length, nonText)) {
      const flags = bytes.filter((b) => b === 0x7e).length;
      return {
        role: 'diag', confidence: flags > 0 ? 'high' : 'medium',
        summary: `answered AT with binary data (${bytes.length} bytes${flags > 0 ? ', HDLC 0x7e frames' : ''}): ` +
          'the DIAG/QCDM port; AT will not be sent to it again',
      };
    }
    if (e.likelyCause === 'nmea') {
      return { role: 'nmea', confidence: 'medium', summary: 'started sending GPS sentences and never answered AT: the NMEA port' };
    }
    if (e.likelyCause === 'partial') {
      return {
        role: 'unknown', confidence: 'low',
        summary: `sent text but no final result to AT within ${timeoutMs} ms (${ev.atReply}): maybe an AT port that is busy or resetting`,
      };
    }
    return {
      role: 'unknown', confidence: 'low',
      summary: `silent: nothing heard in ${ev.listenedMs} ms and no answer to AT within ${timeoutMs} ms ` +
        '(another process such as ModemManager may own it, or it is a quiet NMEA/DIAG port)',
    };
  }
}

// --- evidence helpers -----------------------------------------------------------------------

function countNonText(bytes: Buffer): number {
  let n = 0;
  for (const b of bytes) if (!isTextByte(b)) n++;
  return n;
}

function looksBinary(total: number, nonText: number): boolean {
  return total > 0 && nonText >= 2 && nonText * 4 >= total;
}

function describeHeard(bytes: Buffer, ev: PortEvidence): void {
  ev.heardBytes = bytes.length;
  ev.nonTextBytes = countNonText(bytes);
  ev.hdlcFlags = bytes.filter((b) => b === 0x7e).length;
  ev.heardText = printable(bytes.subarray(0, SAMPLE_BYTES * 2).toString('latin1'));
  ev.heardHex = bytes.subarray(0, SAMPLE_BYTES).toString('hex');
  const types = new Set<string>();
  for (const line of bytes.toString('latin1').split(/[\r\n]+/)) {
    const t = line.trim();
    if (!NMEA_SENTENCE_RE.test(t)) continue;
    ev.nmeaSentences++;
    if (nmeaChecksumValid(t)) ev.nmeaValidChecksums++;
    const type = /^\$([A-Z]+)/.exec(t)?.[1];
    if (type) types.add(type);
  }
  ev.nmeaTypes = [...types];
}

function printable(text: string): string {
  const escaped = text.replace(/[^\x20-\x7e]/g, (c) => {
    if (c === '\r') return '\\r';
    if (c === '\n') return '\\n';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return escaped.length > 300 ? `${escaped.slice(0, 300)}…` : escaped;
}
