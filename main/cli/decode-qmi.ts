// `modem-doctor decode qmi`: QMI frames to JSON.
//  - `<HEX>`: one frame to one JSON object (exit 2 when malformed).
//  - `-`: one hex frame per stdin line to JSON Lines, each carrying its input line number, never
//    stopping at a bad line (exit 2 at the end when any line was bad).
//  - `--stream`: stdin is a byte stream (hex text cut anywhere, or raw bytes with --binary, e.g.
//    a capture of /dev/cdc-wdm0) read through the same frame reader the client uses, so frames
//    split across reads are joined, noise between frames is reported as noise, and bytes left at
//    the end are reported as an incomplete frame, never dropped.
// Output waits for a slow reader (back-pressure), so a long capture never piles up in memory.
// PINs, PUKs and passwords are shown as "[secret]" unless --show-secrets: decoded captures end
// up pasted into forums and reports.

import readline from 'node:readline';
import type { QmiDecodeError } from '../qmi/codec/errors.ts';
import { headerFlags, type QmiFrame } from '../qmi/frame.ts';
import { decodeHexFrame, decodeMessage, redactedFields, type DecodeOutcome } from '../qmi/message-codec.ts';
import { QmiStreamDecoder, type StreamEvent } from '../qmi/stream-decoder.ts';
import { printJson, writeJsonLine } from './json-out.ts';

const USAGE = `usage: modem-doctor decode qmi <HEX> | - | --stream [options]

  <HEX>            one frame as hex (spaces, colons and a 0x prefix allowed)
  -                stdin, one hex frame per line; blank lines and # comments skipped;
                   every output line carries "line", its input line number
  --stream         stdin as a byte stream (hex text split anywhere): frames split across
                   reads are joined, noise between frames and bytes left at the end are
                   reported; every output line carries "offset" (and "line" for hex text)
  --binary         with --stream: stdin is raw bytes, e.g. a capture of /dev/cdc-wdm0
  --pretty         indent the JSON (one frame only)
  --show-secrets   show PINs, PUKs and passwords instead of "[secret]"
  -h, --help       this text

Exit: 0 every frame decoded, 2 a malformed frame, noise or an incomplete frame (or a usage error).

examples:
  modem-doctor decode qmi 011700800000010122000c00020400000000000102000201
  printf '012d0080...\\n' | modem-doctor decode qmi -
  modem-doctor decode qmi --stream --binary < cdc-wdm0.bin
`;

const OPTIONS = new Set(['--pretty', '--show-secrets', '--stream', '--binary']);

function errorJson(e: QmiDecodeError): object {
  return { error: { message: e.message, offset: e.offset, code: e.code, expected: e.expected } };
}

function frameJson(frame: QmiFrame, showSecrets: boolean): object {
  const message = decodeMessage(frame);
  const fields = showSecrets ? message.fields : redactedFields(message);
  // The header flags go right after the kind, where a reader of the header looks for them.
  const { service, message: msg, kind, ...rest } = { ...message, fields };
  return { service, message: msg, kind, flags: headerFlags(frame), ...rest };
}

function outcomeJson(o: DecodeOutcome, showSecrets: boolean): object {
  return o.ok ? frameJson(o.frame, showSecrets) : errorJson(o.error);
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const has = (o: string): boolean => args.includes(o);
  const rest = args.filter((a) => !OPTIONS.has(a));
  const stream = has('--stream');
  const unknown = rest.find((a) => a.startsWith('--'));
  if (unknown || (stream ? rest.length > 1 || (rest.length === 1 && rest[0] !== '-') : rest.length !== 1) || (has('--binary') && !stream)) {
    process.stderr.write(unknown ? `unknown option ${unknown}\n${USAGE}` : USAGE);
    return 2;
  }
  const showSecrets = has('--show-secrets');
  if (stream) return decodeStream(has('--binary'), showSecrets);
  if (rest[0] !== '-') {
    const o = decodeHexFrame(rest[0]!);
    printJson(outcomeJson(o, showSecrets), has('--pretty'));
    return o.ok ? 0 : 2;
  }
  return decodeLines(showSecrets);
}

/** One frame per line; the output line for input line n says `"line": n`. */
async function decodeLines(showSecrets: boolean): Promise<number> {
  let bad = 0;
  let lineNo = 0;
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const o = decodeHexFrame(line);
    if (!o.ok) bad++;
    if (!(await writeJsonLine({ line: lineNo, ...outcomeJson(o, showSecrets) }))) break;
  }
  rl.close();
  return bad > 0 ? 2 : 0;
}

function eventJson(e: StreamEvent, showSecrets: boolean): object {
  switch (e.kind) {
    case 'frame': return { ...e.at, ...frameJson(e.frame, showSecrets) };
    case 'noise': return { ...e.at, noise: { bytes: e.bytes.length, hex: e.bytes.toString('hex'), reason: e.reason } };
    case 'invalid': return { ...e.at, ...errorJson(e.error), hex: e.bytes.toString('hex') };
    case 'incomplete': {
      const declared = e.bytes.length >= 3 ? ` of the ${e.bytes.readUInt16LE(1) + 1} its header declares` : '';
      return { ...e.at, error: {
        code: 'incomplete-frame', offset: e.at.offset, expected: 'the rest of the frame',
        message: `the input ended inside a frame: ${e.bytes.length} byte(s)${declared} came`,
      }, hex: e.bytes.toString('hex') };
    }
    case 'bad-hex': return { line: e.at.line, error: { code: 'bad-hex', offset: e.at.column, expected: 'hex digits', message: e.message } };
  }
}

/** stdin through the client's own frame reader, with nothing dropped silently. */
async function decodeStream(binary: boolean, showSecrets: boolean): Promise<number> {
  const decoder = new QmiStreamDecoder({ hexText: !binary });
  let bad = 0;
  const print = async (events: StreamEvent[]): Promise<boolean> => {
    for (const e of events) {
      if (e.kind !== 'frame') bad++;
      if (!(await writeJsonLine(eventJson(e, showSecrets)))) return false;
    }
    return true;
  };
  for await (const chunk of process.stdin) {
    if (!(await print(decoder.push(chunk as Buffer)))) return bad > 0 ? 2 : 0;
  }
  await print(decoder.end());
  return bad > 0 ? 2 : 0;
}
