// One entry point: which parser reads the answer to a command line. Dispatch is by the parsed
// command (name + form + first argument), never by the response shape, so `AT+COPS?` and
// `AT+COPS=?` and `AT+QCFG="usbnet"` vs `AT+QCFG="band"` each reach their own parser.

import { answerPrefixes, BARE_TEXT_COMMANDS, firstArgument, isContinuationLine, linePrefix, parseCommandLine, type CommandPart } from './command.ts';
import { parseAti, parseIccid, parseImei, parseImsi, parseInfoText } from './identity.ts';
import { parseCopsRead, parseCopsTest } from './operator.ts';
import { fail, ok, type ParseOutcome } from './outcome.ts';
import { MAX_LINE_BYTES } from '../line-assembler.ts';
import { parseCgact, parseCgdcontRead, parseCgdcontTest, parseCgdcontWrite, parseCgpaddr } from './pdp.ts';
import { parseCfun } from './power.ts';
import { parseQcfgBand, parseQcfgUsbnet, parseQengServingcell, parseQnwinfo } from './quectel.ts';
import { parseRegistration } from './registration.ts';
import { parseGstatus, parseImpref, parseSierraCpinc, parseUsbcomp } from './sierra.ts';
import { parseCesq, parseCsq, parseQcsq } from './signal.ts';
import { parseClck, parseCpin, parseCpinr, parseQinistat, parseQpinc, parseQsimstat } from './sim.ts';
import { parseCnsmod, parseCpsi, parseCusbpidswitch, parseSpic } from './simcom.ts';
import { parseFibocomUsbmode, parseTelitUsbcfg } from './usb-mode.ts';

export type { ParseOutcome } from './outcome.ts';
export * from './identity.ts';
export * from './operator.ts';
export * from './pdp.ts';
export * from './power.ts';
export * from './quectel.ts';
export * from './registration.ts';
export * from './sierra.ts';
export * from './signal.ts';
export * from './sim.ts';
export * from './simcom.ts';
export * from './usb-mode.ts';

type Parser = (lines: string[]) => ParseOutcome<unknown>;

const isQuery = (p: CommandPart): boolean => p.form === 'read' || p.form === 'exec';

/** The parser for one command, or null when we have none (set commands that answer only OK). */
export function parserFor(part: CommandPart): Parser | null {
  const { name, form } = part;
  switch (name) {
    case '+CPIN': return form === 'read' ? parseCpin : null;
    case '+CLCK': return form === 'set' ? parseClck : null;
    case '+CPINR': return form === 'test' ? null : parseCpinr;
    case '+QPINC': return form === 'test' ? null : parseQpinc;
    case '+CIMI': return form === 'exec' ? parseImsi : null;
    case '+CCID': case '+QCCID': case '+ICCID': case '+CICCID': case '^ICCID': case '!ICCID': case '#CCID':
      return form === 'test' ? null : parseIccid;
    case '+CGSN': case '+GSN': return form === 'test' ? null : parseImei;
    case '+CGMI': case '+CGMM': case '+CGMR': case '+GMI': case '+GMM': case '+GMR': case '+QGMR':
      return isQuery(part) ? parseInfoText : null;
    case 'I': return parseAti;
    case '+CSQ': return form === 'exec' ? parseCsq : null;
    case '+CESQ': return form === 'exec' ? parseCesq : null;
    case '+QCSQ': return form === 'exec' ? parseQcsq : null;
    case '+CREG': case '+CGREG': case '+CEREG': case '+C5GREG': return form === 'read' ? parseRegistration : null;
    case '+COPS': return form === 'read' ? parseCopsRead : form === 'test' ? parseCopsTest : null;
    case '+CGDCONT':
      if (form === 'set') return () => parseCgdcontWrite(part.args);
      return form === 'read' ? parseCgdcontRead : form === 'test' ? parseCgdcontTest : null;
    case '+CGACT': return form === 'read' ? parseCgact : null;
    case '+CGPADDR': return form === 'test' ? null : parseCgpaddr;
    case '+CFUN': return form === 'read' ? parseCfun : null;
    case '+QCFG': {
      // The read form is AT+QCFG="usbnet" (no value after the key); with a value it is a write.
      if (form !== 'set' || part.args.includes(',')) return null;
      const key = firstArgument(part);
      if (key === 'usbnet') return parseQcfgUsbnet;
      if (key === 'band') return parseQcfgBand;
      return null;
    }
    case '+QENG': return form === 'set' && firstArgument(part) === 'servingcell' ? parseQengServingcell : null;
    case '+QNWINFO': return form === 'exec' ? parseQnwinfo : null;
    case '+QSIMSTAT': return form === 'read' ? parseQsimstat : null;
    case '+QINISTAT': return isQuery(part) ? parseQinistat : null;
    case '+CPSI': return form === 'read' ? parseCpsi : null;
    case '+CNSMOD': return form === 'read' ? parseCnsmod : null;
    case '+CUSBPIDSWITCH': return form === 'read' ? parseCusbpidswitch : null;
    case '!GSTATUS': return isQuery(part) ? parseGstatus : null;
    case '!CPINC': return form === 'read' ? parseSierraCpinc : null;
    case '+SPIC': return isQuery(part) ? parseSpic : null;
    case '!USBCOMP': return form === 'read' ? parseUsbcomp : null;
    case '!IMPREF': return form === 'read' ? parseImpref : null;
    case '#USBCFG': return form === 'read' ? parseTelitUsbcfg : null;
    case '+GTUSBMODE': return form === 'read' ? parseFibocomUsbmode : null;
    default: return null;
  }
}

/**
 * Which lines answer which part of a concatenated command line. A prefixed line goes to the
 * part it names; a wrapped continuation `(...)` to the part of the line before it; bare text
 * (`356936001568843` in `AT+CSQ;+CGSN`) to the parts that answer in bare text, in order, one
 * line each, the last of them (or ATI, which prints several) taking the rest.
 */
function linesPerPart(parts: CommandPart[], lines: string[]): string[][] {
  const own: string[][] = parts.map(() => []);
  const bare = parts.map((p, i) => (BARE_TEXT_COMMANDS.has(p.name) ? i : -1)).filter((i) => i >= 0);
  let bareAt = 0;
  let last = -1;
  for (const line of lines) {
    const prefix = linePrefix(line);
    if (prefix !== null) {
      last = parts.findIndex((p) => answerPrefixes(p).includes(prefix));
      if (last >= 0) own[last]!.push(line);
      continue;
    }
    if (last >= 0 && isContinuationLine(line) && !BARE_TEXT_COMMANDS.has(parts[last]!.name)) {
      own[last]!.push(line);
      continue;
    }
    const target = bare[bareAt];
    if (target === undefined) continue;
    own[target]!.push(line);
    if (parts[target]!.name !== 'I' && bareAt < bare.length - 1) bareAt += 1;
  }
  return own;
}

/**
 * Parse the information lines of a response. null = no parser for this command.
 * Concatenated commands (`AT+CREG?;+CEREG?`) give `{ results: [{ command, result }] }`, each
 * part reading the lines that answer it (linesPerPart).
 */
export function parseResponse(command: string, lines: string[]): ParseOutcome<unknown> | null {
  const parts = parseCommandLine(command);
  if (parts.length === 0) return null;
  const safeLines = lines.map((l) => String(l));
  // The channel and the offline splitter never hand over a longer line (line-assembler.ts): one
  // that is longer came from elsewhere and is not an AT answer. Refusing it caps the parsers' work.
  const long = safeLines.find((l) => l.length > MAX_LINE_BYTES);
  if (long !== undefined && parts.some((p) => parserFor(p) !== null)) {
    return fail(`${long.slice(0, 80)}…`, `a ${long.length}-character line is not an AT answer (lines end within ${MAX_LINE_BYTES} bytes)`);
  }
  if (parts.length === 1) {
    const parser = parserFor(parts[0] as CommandPart);
    return parser === null ? null : guard(parser, safeLines);
  }
  const results: Array<{ command: string; result: ParseOutcome<unknown> }> = [];
  const own = linesPerPart(parts, safeLines);
  parts.forEach((p, i) => {
    const parser = parserFor(p);
    if (parser === null) return;
    results.push({ command: p.name, result: guard(parser, own[i] ?? []) });
  });
  return results.length === 0 ? null : ok({ results });
}

// Parsers are written not to throw; this is the last line of defence so that a bug in one
// parser still gives the caller a typed error instead of an exception.
function guard(parser: Parser, lines: string[]): ParseOutcome<unknown> {
  try {
    return parser(lines);
  } catch (e) {
    return fail(lines.join('\n'), `internal parser error: ${e instanceof Error ? e.message : String(e)}`);
  }
}
