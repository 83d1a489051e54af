// The requests fixes make, with one way of failing: a FixError in words that names the request
// and the modem's answer (never the values sent: some are secrets). Every exchange is already in
// the open modem's ExchangeLog, with PINs and passwords masked by the QMI codec and AT channel.

import type { AtReply } from '../../at/channel.ts';
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

/** An AT command whose failure is an error. `shown` is what messages call it (never a secret). */
export async function atOk(open: OpenModem, command: string, what: string, shown?: string): Promise<AtReply> {
  const r = await atTry(open, command, what, shown);
  if (!r.ok) throw new FixError('modem-error', `${what}: the modem answered ${r.command} with ${r.finalDescription}.`);
  return r;
}

export async function atTry(open: OpenModem, command: string, what: string, shown?: string): Promise<AtReply> {
  if (!open.at) throw new FixError('no-port', `${what} needs an AT port that answers, and none did (${open.target.at.join(', ') || 'the modem shows none'}).`);
  try {
    return await open.at.send(command);
  } catch (e) {
    // The channel's errors carry the command masked already; `shown` spares even that.
    throw new FixError('timeout', `${what}: ${shown ?? 'the AT command'} got no usable answer (${(e as Error).message}).`);
  }
}

/** Whether a QMI error means "this firmware does not do that request" (nothing was spent). */
export function unsupported(errorName: string | undefined): boolean {
  return errorName === 'invalid-qmi-command' || errorName === 'not-supported' || errorName === 'not-provisioned';
}
