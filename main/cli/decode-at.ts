// `modem-doctor decode at --command "AT+CSQ"`: parse one raw AT response read from stdin.
// `modem-doctor decode at -`: JSON Lines {"command","raw"} in, one JSON object per line out,
// never stopping at a bad line. Exit 0 when decoding ran (a parse refusal is data, not a
// failure); exit 2 on usage errors.

import { describeFinal, isErrorFinal, type FinalResult } from '../at/final-result.ts';
import { splitResponse } from '../at/response.ts';
import { parseResponse } from '../at/parsers/index.ts';
import { maskDeep, maskSecrets } from '../at/secrets.ts';

const USAGE = 'usage: modem-doctor decode at --command "AT+CSQ" < raw.txt   |   modem-doctor decode at - < lines.jsonl';
// A response larger than this is not an AT answer; refuse rather than buffer without bound.
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export interface DecodedAt {
  command: string;
  final: FinalResult | null;
  finalText?: string;
  error?: { code?: number; text: string };
  echo: boolean;
  lines: string[];
  urcs: unknown[];
  garbage?: string[];
  result?: unknown;
  parseError?: { line: string; message: string };
}

/**
 * Decode one exchange: the object printed by the CLI. Everything printed that came from the
 * command or the port is masked (maskSecrets): a PIN in the command, its echo, a password in a
 * stray line must not end up in a bug report.
 */
export function decodeAt(command: string, raw: string): DecodedAt {
  // Split and parse the real text (masking first could change what a line means), mask the output.
  const r = splitResponse(command, raw);
  const out: DecodedAt = {
    command: maskSecrets(command), final: r.final, echo: r.echo, lines: r.lines.map(maskSecrets),
    urcs: r.urcs.map((u) => ({ ...u, line: maskSecrets(u.line) })),
  };
  if (r.final !== null) out.finalText = describeFinal(r.final);
  if (r.final !== null && isErrorFinal(r.final)) {
    const f = r.final;
    const code = f.kind === 'cme-error' || f.kind === 'cms-error' ? f.code : undefined;
    out.error = code === undefined ? { text: describeFinal(f) } : { code, text: describeFinal(f) };
  }
  if (r.garbage.length > 0) out.garbage = r.garbage.map(maskSecrets);
  // Parse only a successful (or still open) answer: after an error the lines mean nothing.
  if (r.final === null || !isErrorFinal(r.final)) {
    const parsed = parseResponse(command, r.lines);
    if (parsed !== null) {
      if (parsed.ok) out.result = maskDeep(parsed.value);
      else out.parseError = maskDeep(parsed.error);
    }
  }
  return out;
}

async function readStdin(): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > MAX_INPUT_BYTES) return null;
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function print(obj: unknown): void {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

function usageError(message: string): number {
  print({ error: message, usage: USAGE });
  return 2;
}

function decodeJsonLine(text: string, lineNo: number): unknown {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return { error: `not JSON: ${e instanceof Error ? e.message : String(e)}`, line: lineNo };
  }
  if (typeof obj !== 'object' || obj === null) return { error: 'expected an object {"command","raw"}', line: lineNo };
  const { command, raw } = obj as { command?: unknown; raw?: unknown };
  if (typeof command !== 'string' || command.trim() === '') return { error: '"command" must be a non-empty string', line: lineNo };
  if (typeof raw !== 'string') return { error: '"raw" must be a string', line: lineNo };
  return { line: lineNo, ...decodeAt(command, raw) };
}

export async function run(args: string[]): Promise<number> {
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
    } else if (a === '-') {
      jsonLines = true;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else {
      return usageError(`unexpected argument "${a ?? ''}"`);
    }
  }
  if (command !== undefined && jsonLines) return usageError('give either --command or -, not both');
  if (command === undefined && !jsonLines) return usageError('missing --command (or - for JSON Lines)');
  const input = await readStdin();
  if (input === null) return usageError(`input larger than ${MAX_INPUT_BYTES} bytes`);
  if (command !== undefined) {
    print(decodeAt(command, input));
    return 0;
  }
  const lines = input.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = (lines[i] ?? '').trim();
    if (text === '') continue;
    print(decodeJsonLine(text, i + 1));
  }
  return 0;
}
