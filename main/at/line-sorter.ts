// The one AT line sorter: every line the modem sends while a command is in flight is sorted into
// echo, answer, final result, URC, noise, or a late reply to an earlier command. The live channel
// (AtChannel) and the offline decoder (splitResponse, `decode at`, a log import) both feed their
// lines through this class, so the same bytes give the same answer wherever they were read.
//
// Rules (V.250 §5.7, 3GPP TS 27.007 §4.1, and ModemManager's src/tests/test-at-serial-port.c):
// - URCs first: a line that is unsolicited given the command in flight (urc.ts) is never the
//   answer, wherever it falls.
// - Echo: the command line itself, before any answer line (ATE1, the factory default). URCs and
//   noise lines do not end the window; line noise glued to the echo (`f\xb4\xc2ATI`) is set aside.
// - Final result: verbose codes always; the digit codes of ATV0 when they are in effect (numeric),
//   or when the line is a lone code and the command never answers in bare text.
// - Answer: a line with one of the command's answer prefixes, any line of a bare-text command,
//   unprefixed lines of Sierra `!` commands, wrapped `(...)` lines of a test command. Everything
//   else, and lines holding control characters, is noise (`garbage`), never answer text.
// - Late: after a timeout, the next command may first see the rest of the reply it gave up on.
//   Lines with that command's prefixes, and the final result that ends them (or a final result
//   before our own echo on a modem that echoes), are set aside as late.

import { isNumericFinalLine, parseFinalResult, parseNumericResult, type FinalResult } from './final-result.ts';
import { isRestartLine, matchUrc, settleLoneRegistrations, type Urc } from './urc.ts';
import { answerPrefixes, BARE_TEXT_COMMANDS, isContinuationLine, linePrefix, parseCommandLine, type CommandPart } from './parsers/command.ts';

export type LineRole = 'echo' | 'answer' | 'final' | 'urc' | 'garbage' | 'late';

export interface SortedLine {
  role: LineRole;
  line: string;
  urc?: Urc;
  /** The URC is a modem restart banner (RDY, SIMCom START): whatever was in flight is lost. */
  restart?: boolean;
  final?: FinalResult;
  /** Noise glued in front of the echo, set aside. */
  noise?: string;
}

export interface LateReply {
  /** The command that timed out (its answer may still arrive). */
  command: string;
  /** The modem echoed commands before: a final result that comes before our echo is the late one's. */
  echoExpected: boolean;
}

export interface SorterOptions {
  /** ATV0 is in effect: results are digits (`0` OK, `4` ERROR). */
  numericCodes?: boolean;
  late?: LateReply;
}

// Sierra `!` commands print several lines, often without any prefix (`AT!USBCOMP?` answers
// `Config Index: 1` ...; !GSTATUS? and !IMPREF? put the prefix on the first line only).
const isSierra = (p: CommandPart): boolean => p.name.startsWith('!');

// C0 controls other than TAB, DEL, C1 controls (a latin1 reading of stray bytes), U+FFFD.
// AT text never holds these: a line that does is line noise (a baud mismatch, a DIAG burst).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]/;

export function isNoiseLine(line: string): boolean {
  return CONTROL_CHARS.test(line);
}

export class AtLineSorter {
  readonly command: string;
  readonly parts: CommandPart[];
  echo = false;
  readonly lines: string[] = [];
  readonly urcs: Urc[] = [];
  readonly garbage: string[] = [];
  readonly late: string[] = [];
  final: FinalResult | null = null;
  finalLine = '';
  private readonly prefixes: readonly string[];
  private readonly echoText: string;
  private readonly answersBare: boolean;
  private readonly numeric: boolean;
  private echoWindow: boolean;
  private previousBelongs = false;
  // How many URCs had arrived before each answer line (to keep arrival order when a lone
  // registration line turns out to be a URC).
  private readonly slots: number[] = [];
  private lateState: { echo: string; prefixes: readonly string[]; echoExpected: boolean; open: boolean } | null;

  constructor(command: string, options: SorterOptions = {}) {
    this.command = command;
    this.parts = parseCommandLine(command);
    this.prefixes = this.parts.flatMap(answerPrefixes);
    this.echoText = command.trim().toUpperCase();
    this.echoWindow = this.echoText.length > 0;
    this.answersBare = this.parts.some((p) => BARE_TEXT_COMMANDS.has(p.name) || isSierra(p));
    this.numeric = options.numericCodes ?? false;
    const late = options.late;
    this.lateState = late === undefined ? null : {
      echo: late.command.trim().toUpperCase(),
      prefixes: parseCommandLine(late.command).flatMap(answerPrefixes).filter((p) => !this.prefixes.includes(p)),
      echoExpected: late.echoExpected,
      open: false,
    };
  }

  /** Sorts one line (without its line end). After the final result only URCs and noise remain. */
  push(line: string): SortedLine {
    const trimmed = line.trim();
    if (this.final !== null) {
      // After the final code: URCs are kept, the rest is noise (`ERROR\r\n\r\noooops`, MM parse_error_tests).
      const urc = safeMatchUrc(trimmed, undefined);
      if (urc) return this.asUrc(urc, trimmed);
      this.garbage.push(trimmed);
      return { role: 'garbage', line: trimmed };
    }
    const urc = safeMatchUrc(trimmed, this.command);
    if (urc) return this.asUrc(urc, trimmed);

    const late = this.sortLate(trimmed);
    if (late) return late;

    if (this.echoWindow) {
      const n = this.echoText.length;
      if (trimmed.toUpperCase() === this.echoText) return this.asEcho(trimmed);
      if (trimmed.length > n && trimmed.slice(trimmed.length - n).toUpperCase() === this.echoText && !isFinal(trimmed, this.numeric)) {
        // Noise on the line before the echo (the simulator's `garbage` scenario, a UART glitch).
        const noise = trimmed.slice(0, trimmed.length - n);
        this.garbage.push(noise);
        return { ...this.asEcho(trimmed.slice(noise.length)), noise };
      }
    }
    const final = this.finalOf(trimmed);
    if (final) {
      this.echoWindow = false;
      if (final.kind !== 'prompt') { this.final = final; this.finalLine = trimmed; }
      return { role: 'final', line: trimmed, final };
    }
    if (isNoiseLine(trimmed)) {
      this.garbage.push(trimmed);
      return { role: 'garbage', line: trimmed };
    }
    this.echoWindow = false;
    this.previousBelongs = this.belongs(trimmed);
    if (this.previousBelongs) {
      this.lines.push(trimmed);
      this.slots.push(this.urcs.length);
      return { role: 'answer', line: trimmed };
    }
    this.garbage.push(trimmed);
    return { role: 'garbage', line: trimmed };
  }

  /** Ends the command with this final result (the channel's prompt handling, offline a `> `). */
  end(final: FinalResult, line: string): void {
    this.final = final;
    this.finalLine = line;
  }

  /**
   * Once the final result is in: a lone registration line that turned out to be a URC moves from
   * the answer to the URCs (settleLoneRegistrations). Returns the moved URCs.
   */
  settle(): Urc[] {
    return settleLoneRegistrations(this.lines, this.slots, this.urcs);
  }

  private asUrc(urc: Urc, line: string): SortedLine {
    this.urcs.push(urc);
    return isRestartLine(line) ? { role: 'urc', line, urc, restart: true } : { role: 'urc', line, urc };
  }

  private asEcho(line: string): SortedLine {
    this.echoWindow = false;
    this.echo = true;
    // Our echo means the modem has moved on to our command: nothing late can follow.
    if (this.lateState) this.lateState = null;
    return { role: 'echo', line };
  }

  private sortLate(line: string): SortedLine | null {
    const late = this.lateState;
    if (late === null) return null;
    const prefix = linePrefix(line);
    const upper = line.toUpperCase();
    if (upper === late.echo || (prefix !== null && late.prefixes.includes(prefix)) || (late.open && isContinuationLine(line))) {
      late.open = true;
      this.late.push(line);
      return { role: 'late', line };
    }
    const final = this.finalOf(line);
    if (final && final.kind !== 'prompt' && (late.open || (late.echoExpected && !this.echo && this.lines.length === 0))) {
      this.lateState = null;
      this.late.push(line);
      return { role: 'late', line, final };
    }
    // Our own answer started: whatever was late has come (or never will).
    if (!final && !isNoiseLine(line) && this.belongs(line)) this.lateState = null;
    return null;
  }

  private finalOf(line: string): FinalResult | null {
    const verbose = parseFinalResult(line);
    if (verbose) return verbose;
    if (this.numeric || (!this.answersBare && isNumericFinalLine(line))) return parseNumericResult(line);
    return null;
  }

  private belongs(line: string): boolean {
    const prefix = linePrefix(line);
    if (prefix !== null && this.prefixes.includes(prefix)) return true;
    if (this.parts.some((p) => BARE_TEXT_COMMANDS.has(p.name))) return true;
    // A wrapped test-command answer (AT+COPS=? lists) continues the line before it.
    if (this.previousBelongs && isContinuationLine(line) && this.parts.some((p) => p.form === 'test')) return true;
    return prefix === null && this.parts.some(isSierra);
  }
}

/** Whether a line is a final result code (numeric ones too under ATV0), wherever it comes. */
export function isFinal(line: string, numeric: boolean): boolean {
  return parseFinalResult(line) !== null || (numeric && parseNumericResult(line) !== null);
}

// A classifier bug must not take the channel or the decoder down: the line stays visible as text.
function safeMatchUrc(line: string, command: string | undefined): Urc | null {
  try {
    return matchUrc(line, command);
  } catch {
    return null;
  }
}

/** How a line with no command in flight is taken: a URC (with its parsed fields) or plain text. */
export function sortUnsolicited(line: string): { urc: Urc; restart: boolean } | null {
  const t = line.trim();
  const urc = safeMatchUrc(t, undefined);
  return urc ? { urc, restart: isRestartLine(t) } : null;
}
