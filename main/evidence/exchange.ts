// One record of something that crossed the wire to a modem, QMI or AT alike: the evidence every
// fact, finding and report line cites. Secrets are masked before a record is made, so nothing
// downstream (logs, reports, the wizard) can leak a PIN by accident.

export type ExchangeProtocol = 'qmi' | 'at';
/** tx: we sent it; rx: the modem sent it; note: what we concluded or did about the wire (a timeout, a resync). */
export type ExchangeDirection = 'tx' | 'rx' | 'note';

/** What a QMI frame decoded to (absent when the bytes were not a valid frame). */
export interface QmiDecoded {
  service: string;
  message: string;
  kind: string;
  transactionId: number;
  clientId: number;
  result?: { ok: boolean; error?: string; code?: number };
  fields?: Record<string, unknown>;
}

/** What an AT line or reply decoded to, where it was decoded. */
export interface AtDecoded {
  /** The command this text answers (masked), when known. */
  command?: string;
  /** The parsed value, e.g. a URC or a command's typed result. */
  value?: unknown;
}

export interface Exchange {
  /** Sequence number within its log: orders exchanges that share a millisecond. */
  seq: number;
  /** ISO 8601. */
  time: string;
  /** The port it crossed, e.g. "/dev/cdc-wdm0", "qmi-proxy for /dev/cdc-wdm0", "/dev/ttyUSB2". */
  port: string;
  protocol: ExchangeProtocol;
  direction: ExchangeDirection;
  /** QMI: the frame as hex; AT: the text. Secret values already replaced. */
  raw: string;
  decoded?: QmiDecoded | AtDecoded;
  /** Why the bytes could not be decoded, or the note's text. */
  error?: string;
  /** Names of the fields whose values were masked in raw and decoded (e.g. "pin", "password"). */
  redacted?: string[];
}

export type ExchangeInit = Omit<Exchange, 'seq' | 'time'> & { time?: string };

// Records come in bursts, dozens within one millisecond (a modem answering a batch of requests):
// the ISO string is made once per millisecond (Date#toISOString costs most of what adding a
// record costs) and shared by the records of that millisecond.
let isoAt = NaN;
let iso = '';
function isoNow(): string {
  const now = Date.now();
  if (now !== isoAt) {
    isoAt = now;
    iso = new Date(now).toISOString();
  }
  return iso;
}

/**
 * A bounded, ordered log of exchanges. A long session keeps its most recent records; listeners
 * see each record as it is added (the session state and live transcripts in the wizard).
 */
export class ExchangeLog {
  private readonly entries: Exchange[] = [];
  private seq = 0;
  private readonly listeners = new Set<(e: Exchange) => void>();
  readonly limit: number;

  constructor(limit = 10_000) {
    this.limit = limit;
  }

  add(init: ExchangeInit): Exchange {
    const e: Exchange = { ...init, seq: ++this.seq, time: init.time ?? isoNow() };
    this.entries.push(e);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    for (const l of this.listeners) {
      try { l(e); } catch { /* a listener's failure never breaks the wire */ }
    }
    return e;
  }

  /** Every record still held, oldest first. */
  all(): readonly Exchange[] {
    return this.entries;
  }

  onAdd(listener: (e: Exchange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
