// `modem-doctor at --port PATH "AT+CSQ" ["AT+CPIN?" ...] [--timeout ms] [--json]`: sends the
// commands in order over the AT channel and prints, per command, the raw reply and the parsed
// result — readable text, or one JSON object per line with --json.
// Exit 0 when every command ended in a success final result; 1 when one failed or timed out;
// 2 on usage errors or when the port could not be opened.

import { parseCommandArgs, usageError as commandUsageError } from './args.ts';
import { AtChannel, AtChannelError, AtTimeoutError, MAX_TIMEOUT_MS, type AtReply, maskSecrets } from '../at/channel.ts';
import { TransportError } from '../transport/byte-transport.ts';
import { toJson } from './json-out.ts';
import { defaultTimeoutFor } from '../at/command-timeouts.ts';
import { withProgress } from './progress.ts';

const USAGE = `usage: modem-doctor at --port PATH COMMAND [COMMAND ...] [--timeout ms] [--json]
  --port PATH, -p PATH   the modem's AT port (e.g. /dev/ttyUSB2)
  --timeout ms, -t ms    per-command timeout (default: by command family, e.g. 3 s for queries, 180 s for AT+COPS=?)
  --json                 one JSON object per command (JSON Lines)
  --help, -h             this text
  exit: 0 every command answered OK, 1 an error answer or no answer, 2 usage error or the port cannot be opened
  e.g. modem-doctor at --port /dev/ttyUSB2 AT+CPIN? AT+CSQ
`;

function usageError(message: string): number {
  return commandUsageError('at', message, USAGE);
}

// Shows \r and \n so that framing problems (missing \r\n, stray bytes) are visible.
function visible(raw: string): string {
  return JSON.stringify(raw);
}

function printReply(reply: AtReply, json: boolean): void {
  if (json) {
    process.stdout.write(`${toJson({
      command: reply.command, ok: reply.ok, final: reply.final, finalDescription: reply.finalDescription,
      raw: reply.raw, lines: reply.lines, urcs: reply.urcs, parsed: reply.parsed, echoed: reply.echoed,
      garbage: reply.garbage.length > 0 ? reply.garbage : undefined, late: reply.late,
      promptCancelled: reply.promptCancelled,
      startedAt: reply.startedAt, durationMs: reply.durationMs,
    })}\n`);
    return;
  }
  const out: string[] = [`> ${reply.command}`, `  raw:    ${visible(reply.raw)}`,
    `  final:  ${reply.finalDescription} (${reply.durationMs} ms)`];
  if (reply.parsed) {
    out.push(reply.parsed.ok
      ? `  parsed: ${toJson(reply.parsed.value)}`
      : `  parsed: could not parse ${JSON.stringify(reply.parsed.error.line)}: ${reply.parsed.error.message}`);
  }
  for (const u of reply.urcs) out.push(`  urc:    ${u.line}`);
  if (reply.garbage.length > 0) out.push(`  noise:  ${visible(reply.garbage.join('\n'))} (not part of the answer)`);
  if (reply.late) out.push(`  late:   ${visible(reply.late.join('\n'))} (an earlier command's reply, set aside)`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function printFailure(command: string, e: AtChannelError, json: boolean): void {
  if (json) {
    const error: Record<string, unknown> = { code: e.code, message: e.message };
    if (e instanceof AtTimeoutError) {
      error.likelyCause = e.likelyCause;
      error.timeoutMs = e.timeoutMs;
      error.received = e.received;
    }
    process.stdout.write(`${toJson({ command, ok: false, error })}\n`);
    return;
  }
  process.stdout.write(`> ${command}\n  error:  ${e.message}\n`);
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('at', args, {
    port: { type: 'string', short: 'p' }, timeout: { type: 'string', short: 't' },
    json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (!values.port) return usageError('--port PATH is required (the modem\'s AT port, e.g. /dev/ttyUSB2)');
  if (positionals.length === 0) return usageError('give at least one command, e.g. AT+CSQ');
  for (const c of positionals) {
    if (!/^AT/i.test(c.trim()) || /[\r\n]/.test(c)) {
      return usageError(`${JSON.stringify(maskSecrets(c))} is not an AT command line (it must start with AT, one line)`);
    }
  }
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return usageError('--timeout must be a positive number of milliseconds');
    // Node's timers cannot wait longer; a bigger value would fire at once, not never.
    if (timeoutMs > MAX_TIMEOUT_MS) return usageError(`--timeout must be at most ${MAX_TIMEOUT_MS} ms (about 24.8 days)`);
  }
  const json = values.json ?? false;

  let channel: AtChannel;
  try {
    channel = await AtChannel.open(values.port);
  } catch (e) {
    const message = e instanceof TransportError ? e.message : String(e);
    if (json) process.stdout.write(`${toJson({ error: { code: e instanceof TransportError ? e.code : 'failed', message } })}\n`);
    else process.stderr.write(`modem-doctor at: ${message}\n`);
    return 2;
  }
  channel.on('restart', (info) => {
    process.stderr.write(`modem-doctor at: the modem restarted ("${info.line}")\n`);
  });

  let failed = false;
  try {
    for (const command of positionals) {
      try {
        const limit = timeoutMs ?? defaultTimeoutFor(command).ms;
        const reply = await withProgress(maskSecrets(command), limit, channel.send(command, timeoutMs === undefined ? {} : { timeoutMs }));
        printReply(reply, json);
        if (!reply.ok) failed = true;
      } catch (e) {
        if (!(e instanceof AtChannelError)) throw e;
        printFailure(maskSecrets(command), e, json);
        failed = true;
        // A lost port will not come back within this run: stop instead of timing out on each.
        if (e.code === 'port-lost' || e.code === 'closed') break;
      }
    }
  } finally {
    await channel.close();
  }
  return failed ? 1 : 0;
}
