// The preamble every command shares: parse the arguments against its options, answer --help with
// its usage on stdout (exit 0), and turn a malformed argument list into the command's usage on
// stderr (exit 2). Commands then only check what is specific to them.

import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true }>>;

/** Parsed arguments, or the exit code when the command is already answered (--help, usage error). */
export function parseCommandArgs<O extends Options>(
  command: string, args: string[], options: O, usage: string,
): Parsed<O> | number {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true });
  } catch (e) {
    return usageError(command, (e as Error).message, usage);
  }
  if ((parsed.values as Record<string, unknown>).help) {
    process.stdout.write(usage);
    return 0;
  }
  return parsed;
}

/** Exit 2 with what was wrong and the usage, on stderr. */
export function usageError(command: string, message: string, usage: string): number {
  process.stderr.write(`modem-doctor ${command}: ${message}\n${usage}`);
  return 2;
}
