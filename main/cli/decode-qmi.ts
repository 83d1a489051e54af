// `modem-doctor decode qmi <HEX>`: one frame to one JSON object (exit 2 when malformed).
// `modem-doctor decode qmi -`: one hex frame per stdin line to JSON Lines, never stopping at a
// bad line (exit 2 at the end when any line was bad), so a whole capture can be piped through.
// PINs, PUKs and passwords in the frames are shown as "[secret]" unless --show-secrets: decoded
// captures end up pasted into forums and reports.

import readline from 'node:readline';
import { decodeHexFrame, redactedFields, type DecodeOutcome } from '../qmi/message-codec.ts';
import { printJson } from './json-out.ts';

const USAGE = 'usage: modem-doctor decode qmi <HEX> | - [--pretty] [--show-secrets]   (one hex frame, or "-" to read one frame per line from stdin)\n';

function outcomeJson(o: DecodeOutcome, showSecrets: boolean): object {
  if (!o.ok) return { error: { message: o.error.message, offset: o.error.offset, code: o.error.code, expected: o.error.expected } };
  return showSecrets ? o.message : { ...o.message, fields: redactedFields(o.message) };
}

export async function run(args: string[]): Promise<number> {
  const pretty = args.includes('--pretty');
  const showSecrets = args.includes('--show-secrets');
  const rest = args.filter((a) => a !== '--pretty' && a !== '--show-secrets');
  if (rest[0] === '--help' || rest[0] === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (rest.length !== 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (rest[0] !== '-') {
    const o = decodeHexFrame(rest[0]!);
    printJson(outcomeJson(o, showSecrets), pretty);
    return o.ok ? 0 : 2;
  }
  let bad = 0;
  let lineNo = 0;
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const o = decodeHexFrame(line);
    if (!o.ok) bad++;
    printJson(o.ok ? outcomeJson(o, showSecrets) : { line: lineNo, ...outcomeJson(o, showSecrets) });
  }
  return bad > 0 ? 2 : 0;
}
