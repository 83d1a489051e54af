// `modem-doctor free DEVICE --inhibit|--stop|--ignore [--undo]`: takes a modem back from
// ModemManager, in one of three ways, each undoable:
//   --inhibit  asks MM to let go of this one modem for as long as this command runs (D-Bus
//              InhibitDevice, held on our own connection: Ctrl-C, or this process ending in any
//              way, gives it back);
//   --stop     stops the ModemManager service through the privileged helper (--undo starts it);
//   --ignore   installs a udev rule so MM never takes this VID:PID again (--undo removes it).
// Exit 0 done, 1 refused or failed (with the other ways, in words), 2 usage.

import { parseArgs } from 'node:util';
import { HelperError, runHelperVerb, type HelperRequest, type HelperResult } from '../system/helper-client.ts';
import { MmError, type MmModem } from '../system/modemmanager.ts';
import { inhibitUntilReleased, usbIdsFor } from '../system/modemmanager-free.ts';

const USAGE = `usage: modem-doctor free DEVICE --inhibit | --stop | --ignore  [--undo]
  DEVICE   a port of the modem (/dev/cdc-wdm0, ttyUSB2), its USB device's sysfs path, or VID:PID (--ignore)
  --inhibit  ModemManager lets go of this modem until you press Ctrl-C (nothing to undo)
  --stop     stop the ModemManager service (--undo starts it again)
  --ignore   make ModemManager leave this modem alone for good: a udev rule (--undo removes it)
example:
  modem-doctor free /dev/cdc-wdm0 --inhibit      # then, in another terminal: modem-doctor qmi --device /dev/cdc-wdm0 dms get-ids
`;

const portsOf = (m: MmModem): string => m.ports.map((p) => p.name).join(', ');

export interface FreeDeps {
  /** The helper runner (tests hand in a fake; production asks pkexec or runs as root). */
  runHelper?: (req: HelperRequest) => Promise<HelperResult>;
  /** Bus address; default the system bus. */
  busAddress?: string;
  /** Where lines go (tests capture them); default stdout / stderr. */
  out?: (text: string) => void;
  err?: (text: string) => void;
}

interface Io { say: (line: string) => void; warn: (text: string) => void }

function ioOf(deps: FreeDeps): Io {
  const out = deps.out ?? ((t: string) => { process.stdout.write(t); });
  const err = deps.err ?? ((t: string) => { process.stderr.write(t); });
  return { say: (line) => out(`${line}\n`), warn: err };
}

function report(io: Io, e: unknown): number {
  if (e instanceof MmError || e instanceof HelperError) {
    io.warn(`modem-doctor free: ${e.message}\n`);
    return 1;
  }
  throw e;
}

async function holdInhibition(device: string, deps: FreeDeps, io: Io): Promise<number> {
  const { say } = io;
  const bus = deps.busAddress ? { busAddress: deps.busAddress } : {};
  // Listen for the stop signal first: whoever reads our "inhibited" line may signal us at once.
  let stop: (why: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => { stop = resolve; });
  const onSignal = (sig: string): void => stop(sig);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let held;
    let ms;
    try {
      ({ held, ms } = await inhibitUntilReleased(device, bus));
    } catch (e) {
      return report(io, e);
    }
    held.onLost((why) => stop(`lost: ${why}`));
    say(`ModemManager has let go of ${held.modem.manufacturer} ${held.modem.model} (${portsOf(held.modem)}) in ${ms} ms.`);
    say('Inhibited: the ports are yours while this command runs. Press Ctrl-C to give the modem back to ModemManager.');
    const why = await stopped;
    if (why.startsWith('lost: ')) {
      say(`The inhibition ended by itself (${why.slice(6)}): ModemManager takes the modem again.`);
      return 1;
    }
    await held.release();
    say('Given back: ModemManager will probe the modem again in a few seconds.');
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

export async function run(args: string[], deps: FreeDeps = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: {
      inhibit: { type: 'boolean' }, stop: { type: 'boolean' }, ignore: { type: 'boolean' },
      undo: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    } });
  } catch (e) {
    process.stderr.write(`modem-doctor free: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const io = ioOf(deps);
  const { say } = io;
  if (values.help) { process.stdout.write(USAGE); return 0; }
  const ways = (['inhibit', 'stop', 'ignore'] as const).filter((w) => values[w]);
  if (positionals.length !== 1 || ways.length !== 1) {
    process.stderr.write(`modem-doctor free: give one DEVICE and exactly one of --inhibit, --stop, --ignore\n${USAGE}`);
    return 2;
  }
  const device = positionals[0]!;
  const runHelper = deps.runHelper ?? ((req: HelperRequest) => runHelperVerb(req));
  try {
    switch (ways[0]) {
      case 'inhibit':
        if (values.undo) {
          say('Nothing to undo: an inhibition ends when the "free --inhibit" command that holds it ends (Ctrl-C).');
          return 0;
        }
        return await holdInhibition(device, deps, io);
      case 'stop': {
        const r = await runHelper({ verb: values.undo ? 'start-modemmanager' : 'stop-modemmanager' });
        say(r.message);
        if (r.warning) say(`Note: ${r.warning}`);
        say(values.undo ? 'ModemManager runs again and will probe the modem.'
          : `To undo: modem-doctor free ${device} --stop --undo   (starts ModemManager again; a reboot does too)`);
        return 0;
      }
      case 'ignore': {
        const ids = await usbIdsFor(device, deps.busAddress ? { busAddress: deps.busAddress } : {});
        const r = await runHelper({ verb: values.undo ? 'remove-mm-ignore-rule' : 'install-mm-ignore-rule', ...ids });
        say(r.message);
        if (r.file) say(`Rule file: ${r.file}`);
        if (r.warning) say(`Note: ${r.warning}`);
        say(values.undo ? `ModemManager may take ${hex4(ids.vid)}:${hex4(ids.pid)} again (at once, or when it is plugged in next).`
          : `To undo: modem-doctor free ${hex4(ids.vid)}:${hex4(ids.pid)} --ignore --undo`);
        return 0;
      }
    }
  } catch (e) {
    return report(io, e);
  }
  return 2;
}
