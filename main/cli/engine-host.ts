// `modem-doctor engine-host`: the engine for the Electron shell, in a Node process of its own,
// speaking the API on stdin/stdout (one JSON message per line, main/api/stream-host.ts). Not for
// people: the shell starts it.

import { createDispatcher } from '../api/dispatcher.ts';
import { serveStream } from '../api/stream-host.ts';
import { createEngine } from '../doctor/default-engine.ts';
import { Session } from '../doctor/session.ts';
import { parseCommandArgs } from './args.ts';
import { startVirtualModem } from './virtual-modem.ts';

const USAGE = 'usage: modem-doctor engine-host [--virtual | --virtual-if-none]\n'
  + 'Runs the engine for the desktop window, speaking its API on stdin/stdout (one JSON message per\n'
  + 'line). Started by the Electron shell; not meant to be run by hand. --virtual starts the virtual\n'
  + 'EC25 ("seed") at once, --virtual-if-none only when no modem is plugged in.\n';

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('engine-host', args, { virtual: { type: 'boolean' }, 'virtual-if-none': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (typeof parsed === 'number') return parsed;
  const session = new Session(createEngine(), { startVirtualModem });
  await session.start();
  if (parsed.values.virtual || (parsed.values['virtual-if-none'] && session.state().modems.length === 0)) {
    await session.startVirtualModem({ scenario: 'seed', profile: 'ec25' }).catch((e: unknown) => {
      process.stderr.write(`modem-doctor engine-host: no virtual modem: ${(e as Error).message}\n`);
    });
  }
  const stop = (): void => { process.stdin.destroy(); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await Promise.race([serveStream(createDispatcher(session), process.stdin, process.stdout), new Promise<void>((r) => process.stdin.once('close', () => r()))]);
  await session.dispose();
  return 0;
}
