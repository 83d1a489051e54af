// `modem-doctor serve`: the wizard in a browser, on this machine unless --host says otherwise.
// Prints the URL (with its token) on stdout and serves until Ctrl-C; stops every virtual modem it
// started on the way out.

import path from 'node:path';
import { createDispatcher } from '../api/dispatcher.ts';
import { startWebHost, type WebHost } from '../api/web-host.ts';
import { createEngine } from '../doctor/default-engine.ts';
import { Session } from '../doctor/session.ts';
import { parseCommandArgs, usageError } from './args.ts';
import { startVirtualModem } from './virtual-modem.ts';

export const RENDERER_DIR = path.join(import.meta.dirname, '..', '..', 'renderer', 'dist');

const USAGE = 'usage: modem-doctor serve [--port N] [--host ADDRESS] [--virtual]\n'
  + 'Serves the wizard to a browser and prints its URL (with a one-time token). Until Ctrl-C.\n\n'
  + 'Options:\n'
  + '  --port N        the port (default: a free one)\n'
  + '  --host ADDRESS  the address to listen on (default 127.0.0.1, this machine only); another\n'
  + '                  address makes the wizard reachable from the network, to anyone with the URL\n'
  + '  --virtual       start a virtual Quectel EC25 ("seed" scenario) at once\n'
  + '  -h, --help      this text\n\n'
  + 'Example:\n  modem-doctor serve --port 8080\n';

export interface Served {
  host: WebHost;
  session: Session;
  stop(): Promise<void>;
}

/** The session, the dispatcher and the web host, started together (also used by `start`). */
export async function serve(opts: { port?: number; host?: string; virtual?: boolean }): Promise<Served> {
  const session = new Session(createEngine(), { startVirtualModem });
  await session.start();
  let host: WebHost;
  try {
    host = await startWebHost({
      dispatcher: createDispatcher(session), rendererDir: RENDERER_DIR,
      ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.host ? { host: opts.host } : {}),
    });
    if (opts.virtual) await session.startVirtualModem({ scenario: 'seed', profile: 'ec25' });
  } catch (e) {
    await session.dispose();
    throw e;
  }
  return { host, session, stop: async () => { await host.close(); await session.dispose(); } };
}

/** Resolves on the first SIGINT or SIGTERM (listening before anything is printed). */
export function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('serve', args, {
    port: { type: 'string' }, host: { type: 'string' }, virtual: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length > 0) return usageError('serve', `unexpected argument ${parsed.positionals[0]}`, USAGE);
  let port: number | undefined;
  if (parsed.values.port !== undefined) {
    port = Number(parsed.values.port);
    if (!/^\d{1,5}$/.test(parsed.values.port) || port > 65535) return usageError('serve', `--port must be a number from 0 to 65535, not "${parsed.values.port}"`, USAGE);
  }
  const stopped = untilSignal();
  let served: Served;
  try {
    served = await serve({ ...(port !== undefined ? { port } : {}), ...(parsed.values.host ? { host: parsed.values.host } : {}), virtual: parsed.values.virtual === true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EADDRINUSE' ? `port ${port} is in use; choose another with --port, or leave it out for a free one`
      : err.code === 'EADDRNOTAVAIL' ? `${parsed.values.host} is not an address of this machine` : err.message;
    process.stderr.write(`modem-doctor serve: ${why}\n`);
    return 2;
  }
  if (parsed.values.host && !['127.0.0.1', 'localhost', '::1'].includes(parsed.values.host)) {
    process.stderr.write(`modem-doctor serve: listening on ${parsed.values.host}: anyone on the network with the URL can use the wizard.\n`);
  }
  process.stdout.write(`Modem Doctor is at ${served.host.url}\nOpen it in a browser on this machine. Ctrl-C stops it.\n`);
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await stopped;
  clearInterval(keepAlive);
  await served.stop();
  return 0;
}
