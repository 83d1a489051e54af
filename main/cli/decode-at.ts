// `modem-doctor decode at`: decodes AT text read from standard input; the decoding itself is the
// engine's (main/at/decode.ts), this file reads arguments and input and prints.
//   --command CMD   one exchange: the raw text read after CMD
//   -               JSON Lines {"command","raw"}, streamed: one object out per line in
//   (neither)       a log without commands: URCs, or a terminal session split at the echoed commands
// Every streamed output object carries `line`, its input line number. Exit 0 when everything was
// decoded (a modem's ERROR or a parse refusal is data, not a failure); 2 on usage errors and, at
// the end, when any input line could not be read (not JSON, no command) — as `decode qmi -`.

import readline from 'node:readline';
import { AtLogDecoder, decodeAt, decodeAtRecord, isDecodeInputError } from '../at/decode.ts';
import { readStdin, writeJsonLine } from './json-out.ts';

const USAGE = `usage: modem-doctor decode at [--command CMD | -] < input
  --command CMD, -c CMD  decode one exchange: the raw reply read after CMD (echo, URCs, final result)
  -                      JSON Lines in: one {"command","raw"} per line, one JSON object out per line
  (no option)            a log: URCs alone, or a terminal session (minicom, picocom) whose echoed
                         commands split it into command/answer pairs
  --help, -h             this text
  every object printed from - or a log has "line": the input line it came from
  exit: 0 decoded, 2 usage error or an unreadable input line (not JSON, no command)
  e.g. printf 'AT+CSQ\\r\\r\\n+CSQ: 20,99\\r\\n\\r\\nOK\\r\\n' | modem-doctor decode at --command AT+CSQ
       printf '+CREG: 1\\r\\nRING\\r\\n' | modem-doctor decode at
`;
// One exchange larger than this is not an AT answer; refuse rather than buffer without bound.
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export interface DecodeAtIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
}

export async function run(args: string[], io: DecodeAtIo = { stdin: process.stdin, stdout: process.stdout }): Promise<number> {
  const print = async (obj: unknown): Promise<void> => { await writeJsonLine(obj, io.stdout); };
  const usageError = async (message: string): Promise<number> => {
    await print({ error: message, usage: USAGE });
    return 2;
  };
  let command: string | undefined;
  let jsonLines = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--command' || a === '-c') {
      command = args[i + 1];
      if (command === undefined || command.trim() === '') return usageError('--command needs a value, e.g. --command AT+CSQ');
      i += 1;
    } else if (a?.startsWith('--command=')) {
      command = a.slice('--command='.length);
      if (command.trim() === '') return usageError('--command needs a value, e.g. --command AT+CSQ');
    } else if (a === '-') {
      jsonLines = true;
    } else if (a === '--help' || a === '-h') {
      io.stdout.write(USAGE);
      return 0;
    } else {
      return usageError(`unexpected argument "${a ?? ''}"`);
    }
  }
  if (command !== undefined && jsonLines) return usageError('give either --command or -, not both');
  if (command !== undefined) {
    const input = await readStdin(MAX_INPUT_BYTES, io.stdin);
    if (input === null) return usageError(`input larger than ${MAX_INPUT_BYTES} bytes`);
    await print(decodeAt(command, input));
    return 0;
  }
  const rl = readline.createInterface({ input: io.stdin, crlfDelay: Infinity });
  let lineNo = 0;
  if (jsonLines) {
    let bad = 0;
    for await (const text of rl) {
      lineNo++;
      if (text.trim() === '') continue;
      const d = decodeAtRecord(text);
      if (isDecodeInputError(d)) bad++;
      await print({ line: lineNo, ...d });
    }
    return bad > 0 ? 2 : 0;
  }
  // A log: lines end at \n (readline), \r\n, or a lone \r (terminal captures keep the echo's \r).
  const log = new AtLogDecoder();
  for await (const text of rl) {
    lineNo++;
    for (const piece of text.split('\r')) for (const item of log.push(piece, lineNo)) await print(item);
  }
  for (const item of log.end()) await print(item);
  return 0;
}
