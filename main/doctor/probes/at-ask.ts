// One AT question for a probe: the reply, its parsed value, and the exchange numbers it crossed
// the wire as (the OpenModem's log, which the AtChannel shares), so every fact cites them.
// Questions are asked one after another: the channel serialises them anyway, and one at a time
// is what lets the log's entries on this port be attributed to the question that made them.

import { AtChannelError, AtRestartError, AtTimeoutError, type AtChannel, type AtReply } from '../../at/channel.ts';
import type { ExchangeLog } from '../../evidence/exchange.ts';
import type { ProbeProblem } from '../facts.ts';

export interface Answer<T> {
  /** The parsed value when the modem said OK and the parser read it. */
  value?: T;
  reply?: AtReply;
  /** Exchange seq numbers of this question and its answer. */
  evidence: number[];
  /** Why there is no value, in words. */
  error?: string;
  timedOut?: boolean;
}

export class AtAsker {
  readonly problems: ProbeProblem[] = [];
  /** Set once a question timed out: a modem silent on AT is not asked the rest. */
  silent = false;

  private readonly at: AtChannel;
  private readonly log: ExchangeLog;

  constructor(at: AtChannel, log: ExchangeLog) {
    this.at = at;
    this.log = log;
  }

  /** Asks `command`; `probe` names the probe for the problems list when the answer is unusable. */
  async ask<T>(command: string, probe: string, opts: { quiet?: boolean; timeoutMs?: number } = {}): Promise<Answer<T>> {
    if (this.silent) return { evidence: [], error: 'not asked: the AT port stopped answering' };
    const evidence: number[] = [];
    const port = this.at.description;
    const stop = this.log.onAdd((e) => { if (e.protocol === 'at' && e.port === port) evidence.push(e.seq); });
    let answer: Answer<T>;
    try {
      const send = () => this.at.send(command, opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {});
      // A modem that restarts (RDY) while a question is in flight drops it: ask once more, as the
      // channel advises; a second restart is an error like any other.
      const reply = await send().catch((e: unknown) => { if (e instanceof AtRestartError) return send(); throw e; });
      if (!reply.ok) answer = { reply, evidence, error: `${reply.command}: ${reply.finalDescription}` };
      else if (reply.parsed === null) answer = { reply, evidence, value: undefined };
      else if (!reply.parsed.ok) answer = { reply, evidence, error: `${reply.command}: ${reply.parsed.error.message}` };
      else answer = { reply, evidence, value: reply.parsed.value as T };
    } catch (e) {
      const timedOut = e instanceof AtTimeoutError;
      if (timedOut) this.silent = true;
      const message = e instanceof AtChannelError || e instanceof Error ? e.message : String(e);
      answer = { evidence, error: message, timedOut };
    } finally {
      stop();
    }
    if (answer.error !== undefined && !opts.quiet) this.problems.push({ probe, message: answer.error, evidence: [...evidence] });
    return answer;
  }
}

/** Evidence of several answers, in order, without repeats. */
export function cite(...answers: readonly (Answer<unknown> | undefined)[]): number[] {
  return [...new Set(answers.flatMap((a) => a?.evidence ?? []))].sort((a, b) => a - b);
}
