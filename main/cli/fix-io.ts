// What `fix`, `undo` and `connect` share at the terminal: secrets (a prompt without echo on a
// terminal, or --secrets-stdin one per line in the order the fix asks; never the argument list,
// which every user can read in ps), consent (--yes, or a y/N question on a terminal; refused
// otherwise), progress on stderr once something takes more than a second, and the plan in words.

import type { SecretKind } from '../doctor/finding.ts';
import type { FixPlan } from '../doctor/fix.ts';
import { readStdin } from './json-out.ts';

const SECRET_WORDS: Record<SecretKind, string> = { pin: 'SIM PIN', puk: 'SIM PUK', 'new-pin': 'new SIM PIN', 'apn-password': 'APN password' };

export class CliRefusal extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Reads one line from a terminal without echoing it. */
function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin): Promise<string> {
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    const wasRaw = input.isRaw;
    input.setRawMode(true);
    input.resume();
    let value = '';
    const done = (err?: Error): void => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      process.stderr.write('\n');
      if (err) reject(err); else resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliRefusal('cancelled', 1)); // Ctrl-C
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}

/** Where secrets come from: stdin lines (--secrets-stdin), a terminal prompt, or nowhere (an error that says how). */
export function secretSource(fromStdin: boolean): (kind: SecretKind) => Promise<string> {
  let lines: Promise<string[]> | undefined;
  let next = 0;
  return async (kind) => {
    if (fromStdin) {
      lines ??= readStdin(64 * 1024).then((t) => (t ?? '').split(/\r?\n/));
      const all = await lines;
      const v = all[next];
      if (v === undefined || (next === all.length - 1 && v === '')) {
        throw new CliRefusal(`--secrets-stdin: the ${SECRET_WORDS[kind]} was expected on line ${next + 1} of standard input, which has no such line.`, 2);
      }
      next++;
      return v;
    }
    if (!process.stdin.isTTY) {
      throw new CliRefusal(`This fix needs the ${SECRET_WORDS[kind]}: run it on a terminal to be asked, or give it on standard input with --secrets-stdin (one per line). Secrets are never taken from the command line.`, 2);
    }
    return promptHidden(`${SECRET_WORDS[kind]} (not shown): `);
  };
}

/** The plan in words, for the terminal. */
export function planText(plan: FixPlan): string {
  const lines = [`Fix ${plan.fix}${plan.finding ? ` (for ${plan.finding})` : ''}:`];
  for (const c of plan.changes) lines.push(`  ${c.what}: ${c.from} → ${c.to}`);
  for (const w of plan.warnings) lines.push(`  ! ${w}`);
  if (plan.secrets.length) lines.push(`  It will ask for: ${plan.secrets.map((s) => SECRET_WORDS[s]).join(', then ')}.`);
  return `${lines.join('\n')}\n`;
}

/** Consent: --yes, else a question on a terminal; without either it is refused, saying how. */
export function consentFrom(yes: boolean, command: string): (plan: FixPlan) => Promise<boolean> {
  return async (plan) => {
    if (yes) return true;
    if (!process.stdin.isTTY || !process.stderr.isTTY) {
      process.stdout.write(planText(plan));
      throw new CliRefusal(`Not applied: nobody at a terminal to say yes. Run again with --yes to apply the plan above (modem-doctor ${command} --yes).`, 1);
    }
    process.stdout.write(planText(plan));
    const answer = await promptLine('Apply it? [y/N] ');
    return /^y(es)?$/i.test(answer.trim());
  };
}

/** A y/N question on the terminal (stderr); true for yes. The caller checks there is a terminal. */
export async function askYes(question: string): Promise<boolean> {
  return /^y(es)?$/i.test((await promptLine(question)).trim());
}

function promptLine(question: string): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(question);
    process.stdin.resume();
    process.stdin.once('data', (d: Buffer) => { process.stdin.pause(); resolve(d.toString('utf8')); });
  });
}
