// The requests fixes make, with one way of failing: a FixError in words that names the request
// and the modem's answer (never the values sent: some are secrets). Every exchange is already in
// the open modem's ExchangeLog, with PINs and passwords masked by the QMI codec and AT channel.

import type { AtReply } from '../../at/channel.ts';
import { AtChannelError, AtRestartError } from '../../at/channel-errors.ts';
import type { QmiClient, QmiReply } from '../../qmi/client.ts';
import type { MessageDecl, RequestOf, ServiceDecl } from '../../qmi/schema.ts';
import type { OpenModem } from '../open-modem.ts';
import { FixError } from './context.ts';

export function needQmi(open: OpenModem, what: string): QmiClient {
  if (!open.qmi) throw new FixError('no-port', `${what} needs the modem's QMI port, and none could be opened (${open.target.qmi ?? 'the modem shows none'}).`);
  return open.qmi;
}

/** A QMI request whose failure is an error (the reply is returned when ok). */
export async function qmiOk<M extends MessageDecl>(open: OpenModem, service: ServiceDecl, message: M, fields: RequestOf<M>, what: string): Promise<QmiReply<M>> {
  const r = await qmiTry(open, service, message, fields, what);
  if (!r.ok) throw new FixError('modem-error', `${what}: the modem answered ${service.name} ${message.name} with ${r.result.errorName ?? 'an error'}.`);
  return r;
}

/** A QMI request whose failure the caller looks at; transport failures become FixErrors. */
export async function qmiTry<M extends MessageDecl>(open: OpenModem, service: ServiceDecl, message: M, fields: RequestOf<M>, what: string): Promise<QmiReply<M>> {
  const client = needQmi(open, what);
  try {
    return await client.request(service, message, fields);
  } catch (e) {
    throw new FixError('timeout', `${what}: ${service.name} ${message.name} got no usable answer (${(e as Error).message}).`);
  }
}

/**
 * How an AT command may be sent. A modem that restarts while a command is in flight (its boot
 * banner, "RDY", arrives instead of an answer; a module plugged in a moment ago prints it about a
 * second after its ports appear) never answered it, so a setting is sent once more after a pause.
 * `once` is for what must never go twice: a PIN or PUK (each try may cost an attempt, and the
 * doctor never retries them). Resets have their own call, atReset.
 */
export interface AtSendOptions {
  /** What messages call the command (never a secret). */
  shown?: string;
  once?: boolean;
}

function needAt(open: OpenModem, what: string): NonNullable<OpenModem['at']> {
  if (!open.at) throw new FixError('no-port', `${what} needs an AT port that answers, and none did (${open.target.at.join(', ') || 'the modem shows none'}).`);
  return open.at;
}

/** The pause after a restart banner before the command goes again: the module's boot URCs come first. */
const AFTER_RESTART_MS = 1000;

/** An AT command whose failure is an error. */
export async function atOk(open: OpenModem, command: string, what: string, opts: AtSendOptions = {}): Promise<AtReply> {
  const r = await atTry(open, command, what, opts);
  if (!r.ok) throw new FixError('modem-error', `${what}: the modem answered ${r.command} with ${r.finalDescription}.`);
  return r;
}

export async function atTry(open: OpenModem, command: string, what: string, opts: AtSendOptions = {}): Promise<AtReply> {
  const at = needAt(open, what);
  const send = async (): Promise<AtReply> => at.send(command);
  try {
    try {
      return await send();
    } catch (e) {
      if (opts.once || !(e instanceof AtRestartError)) throw e;
      await new Promise((r) => setTimeout(r, AFTER_RESTART_MS));
      return await send();
    }
  } catch (e) {
    // The channel's errors carry the command masked already; `shown` spares even that.
    throw new FixError('timeout', `${what}: ${opts.shown ?? 'the AT command'} got no usable answer (${(e as Error).message}).`);
  }
}

/**
 * A command that resets the modem. A real reset takes the ports off the bus, so:
 * - the port going away while it is in flight (the OK lost in the teardown) means it happened;
 * - a restart banner while it is in flight came from the boot before it (a module that answered
 *   AT before its banner was done). If the port is still there after the pause, the reset never
 *   happened and goes again; if the port went away meanwhile, it did.
 */
export async function atReset(open: OpenModem, command: string, what: string): Promise<void> {
  const at = needAt(open, what);
  const gone = (e: unknown): boolean => e instanceof AtChannelError && e.code === 'port-lost';
  const send = async (): Promise<void> => {
    const r = await at.send(command);
    if (!r.ok) throw new FixError('modem-error', `${what}: the modem answered ${r.command} with ${r.finalDescription}.`);
  };
  try {
    try {
      await send();
    } catch (e) {
      if (gone(e)) return;
      if (!(e instanceof AtRestartError)) throw e;
      await new Promise((r) => setTimeout(r, AFTER_RESTART_MS));
      if (at.isClosed) return;
      await send().catch((again: unknown) => { if (!gone(again)) throw again; });
    }
  } catch (e) {
    if (e instanceof FixError) throw e;
    throw new FixError('timeout', `${what}: ${command} got no usable answer (${(e as Error).message}).`);
  }
}

/** Whether a QMI error means "this firmware does not do that request" (nothing was spent). */
export function unsupported(errorName: string | undefined): boolean {
  return errorName === 'invalid-qmi-command' || errorName === 'not-supported' || errorName === 'not-provisioned';
}
