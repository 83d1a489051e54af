// `npm start` / `modem-doctor start`. The desktop wizard (Electron + Svelte) is not built yet, so
// this says so plainly and shows what works today (main/startup/start-up.ts decides): a plugged-in
// QMI modem is named with the commands to try; otherwise a virtual Quectel EC25 in the "seed"
// scenario is started, read once over QMI and AT, and served until Ctrl-C.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '../simulator/simulator.ts';
import { startUp, StartUpError, type VirtualModem } from '../startup/start-up.ts';

const say = (s = ''): void => { process.stdout.write(`${s}\n`); };

const USAGE = 'usage: modem-doctor start [--virtual]\n'
  + 'Shows the QMI ports of a plugged-in modem, or starts a virtual EC25 ("seed" scenario), reads it\n'
  + 'once over QMI and AT, and serves it until Ctrl-C.\n\n'
  + 'Options:\n'
  + '  --virtual   start the virtual modem even when a modem is plugged in\n'
  + '  -h, --help  this text\n\n'
  + 'Example:\n  modem-doctor start --virtual\n';

/** The virtual modem `start` serves: the simulator in a folder of its own, removed on stop. */
async function virtualEc25(): Promise<VirtualModem> {
  say('\nNo modem is plugged in: starting a virtual Quectel EC25 (scenario "seed": raw-ip modem, 802.3 kernel, no APN, autoconnect on).');
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'md-start-'));
  try {
    const sim = await startSimulator({ profile: 'ec25', scenario: 'seed', dir: path.join(base, 'modem') });
    return {
      ports: sim.ports,
      stop: async () => {
        await sim.stop();
        fs.rmSync(base, { recursive: true, force: true });
      },
    };
  } catch (e) {
    fs.rmSync(base, { recursive: true, force: true });
    throw e;
  }
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a !== '--virtual');
  if (unknown.length > 0) {
    process.stderr.write(`modem-doctor start: unknown option ${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }
  const virtual = args.includes('--virtual');
  say('Modem Doctor');
  say('The desktop wizard is not part of this build yet; the engine and its command line are.');
  // Listen before printing "Serving…": whoever reads it may signal us at once.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  let started;
  try {
    started = await startUp({ virtual, startVirtualModem: virtualEc25 });
  } catch (e) {
    if (!(e instanceof StartUpError)) throw e;
    process.stderr.write(`modem-doctor start: ${e.message}\n`);
    return 2;
  }
  if (started.kind === 'plugged') {
    const dev = started.devices[0]!;
    say(`\nFound QMI control port(s): ${started.devices.join(', ')}. Try:`);
    say(`  npx modem-doctor qmi --device ${dev} dms get-ids`);
    say(`  npx modem-doctor qmi --device ${dev} --proxy nas get-serving-system   (shares the port with ModemManager)`);
    return 0;
  }
  const { look, modem } = started;
  say(`  QMI ${look.qmiPath}: IMEI ${look.imei ?? '?'}, modem link layer ${look.linkLayer ?? '?'}`);
  say(`  AT  ${look.atPath}: AT+CPIN? -> ${look.cpin}`);
  say('\nTry, in another terminal:');
  say(`  npx modem-doctor qmi --device ${look.qmiPath} wds get-current-settings`);
  say(`  npx modem-doctor qmi --device ${look.qmiPath} wda get-data-format`);
  say(`  npx modem-doctor at --port ${look.atPath} AT+CSQ 'AT+QCFG="usbnet"' AT+CGDCONT?`);
  say(`  qmicli -d ${look.qmiPath} --device-open-qmi --nas-get-signal-info`);
  say('\nServing the virtual modem until Ctrl-C.');
  // Signal listeners alone do not keep Node running: hold a timer until Ctrl-C or SIGTERM.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await stopped;
  clearInterval(keepAlive);
  await modem.stop();
  return 0;
}
