// The command line: one table of commands, each in its own module under main/cli/, loaded
// only when used so that `decode` does not pay for serial ports or the simulator.
// Exit codes: 0 success, 1 the command ran and found a problem, 2 usage or I/O error.

export interface CliCommand {
  /** Words that select the command, e.g. ['decode', 'qmi']. */
  words: string[];
  summary: string;
  load: () => Promise<{ run: (args: string[]) => Promise<number> }>;
}

export const commands: CliCommand[] = [
  { words: ['decode', 'qmi'], summary: 'decode QMI frames given as hex (or "-" for one per line on stdin)',
    load: () => import('./cli/decode-qmi.ts') },
  { words: ['decode', 'at'], summary: 'decode AT text from stdin: one reply (--command), JSON Lines (-), or a log of URCs / a terminal session',
    load: () => import('./cli/decode-at.ts') },
  { words: ['qmi'], summary: 'send one QMI request to a device and print the reply',
    load: () => import('./cli/qmi-request.ts') },
  { words: ['at'], summary: 'send AT commands to a port and print raw and parsed replies',
    load: () => import('./cli/at-command.ts') },
  { words: ['list'], summary: 'list the modems plugged in, their ports, roles, owners and problems',
    load: () => import('./cli/list.ts') },
  { words: ['diagnose'], summary: 'what is wrong with a modem, why, and which fix applies',
    load: () => import('./cli/diagnose.ts') },
  { words: ['free'], summary: 'take a modem back from ModemManager: --inhibit, --stop or --ignore (each undoable)',
    load: () => import('./cli/free.ts') },
  { words: ['import-log'], summary: 'findings from a pasted log (uqmi, qmicli, logread, dmesg, mmcli, AT sessions): FILE or -',
    load: () => import('./cli/import-log.ts') },
  { words: ['fix'], summary: 'apply the fix a finding offers (plan, consent, apply, re-check, undo record)',
    load: () => import('./cli/fix.ts') },
  { words: ['undo'], summary: 'put back what a fix changed (the latest, or by action id; --list)',
    load: () => import('./cli/undo.ts') },
  { words: ['provision'], summary: 'check modems against a provisioning profile (--plan) and bring them to it (--apply, --all)',
    load: () => import('./cli/provision.ts') },
  { words: ['connect'], summary: 'the connect test: start a data session, read and judge its settings, stop it (--keep)',
    load: () => import('./cli/connect.ts') },
  { words: ['report'], summary: 'diagnose a modem and write the report: --out FILE.json (schema-checked) or FILE.html',
    load: () => import('./cli/report.ts') },
  { words: ['simulate'], summary: 'run virtual modems on pseudo-terminals',
    load: () => import('./cli/simulate.ts') },
  { words: ['serve'], summary: 'serve the wizard to a browser (loopback, a token in the URL)',
    load: () => import('./cli/serve.ts') },
  { words: ['engine-host'], summary: 'the engine for the desktop window, its API on stdin/stdout (started by the shell)',
    load: () => import('./cli/engine-host.ts') },
  { words: ['start'], summary: 'start Modem Doctor (a virtual modem when none is plugged in)',
    load: () => import('./cli/start.ts') },
];

export function usage(): string {
  const lines = commands.map((c) => `  modem-doctor ${c.words.join(' ').padEnd(14)} ${c.summary}`);
  return `Usage:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  // `modem-doctor … | head`: a reader that stops early is not an error worth a stack trace, and
  // must not cut a serving command short of its clean-up: the rest of the output is dropped.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(usage());
    return argv.length === 0 ? 2 : 0;
  }
  // Longest match first, so 'decode qmi' wins over a hypothetical 'decode'.
  const sorted = [...commands].sort((a, b) => b.words.length - a.words.length);
  for (const cmd of sorted) {
    if (cmd.words.every((w, i) => argv[i] === w)) {
      const mod = await cmd.load();
      return mod.run(argv.slice(cmd.words.length));
    }
  }
  process.stderr.write(`modem-doctor: unknown command "${argv.join(' ')}"\n${usage()}`);
  return 2;
}
