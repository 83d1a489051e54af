// `npm start` / `modem-doctor start`. The desktop wizard (Electron + Svelte) is not built yet, so
// this says so plainly and shows what works today: when a QMI modem is plugged in it names its
// control port and the commands to try; otherwise it starts a virtual Quectel EC25 in the "seed"
// scenario, reads it once over QMI and AT with our own client, and serves it until Ctrl-C.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openQmiPort } from '../system/open-qmi.ts';
import { DMS, WDA } from '../qmi/services/index.ts';
import { AtChannel, AtRestartError } from '../at/channel.ts';
import { startSimulator, type Simulator } from '../simulator/simulator.ts';

function plugged(): string[] {
  // opendir, not readdir: the same code must see umockdev's fake /dev (runs-here.md §2).
  const found: string[] = [];
  try {
    const d = fs.opendirSync('/dev');
    for (let e = d.readSync(); e; e = d.readSync()) if (/^cdc-wdm\d+$/.test(e.name)) found.push(`/dev/${e.name}`);
    d.closeSync();
  } catch { /* no /dev to read: treat as nothing plugged in */ }
  return found.sort();
}

const say = (s = ''): void => { process.stdout.write(`${s}\n`); };

const USAGE = 'usage: modem-doctor start [--virtual]\n' +
  '  Shows the QMI ports of a plugged-in modem, or starts a virtual EC25 ("seed" scenario) and serves it until Ctrl-C.\n' +
  '  --virtual   start the virtual modem even when a modem is plugged in\n';

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
  say('Modem Doctor');
  say('The desktop wizard is not part of this build yet; the engine and its command line are.');
  const devices = args.includes('--virtual') ? [] : plugged();
  if (devices.length > 0) {
    say(`\nFound QMI control port(s): ${devices.join(', ')}. Try:`);
    say(`  npx modem-doctor qmi --device ${devices[0]} dms get-ids`);
    say(`  npx modem-doctor qmi --device ${devices[0]} --proxy nas get-serving-system   (shares the port with ModemManager)`);
    return 0;
  }

  say('\nNo modem is plugged in: starting a virtual Quectel EC25 (scenario "seed": raw-ip modem, 802.3 kernel, no APN, autoconnect on).');
  // Listen before printing: a caller may signal us as soon as it reads "Serving…".
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'md-start-'));
  let sim: Simulator;
  try {
    sim = await startSimulator({ profile: 'ec25', scenario: 'seed', dir: path.join(base, 'modem') });
  } catch (e) {
    // e.g. socat missing: its message names the package to install.
    process.stderr.write(`modem-doctor start: could not start the virtual modem: ${(e as Error).message}\n`);
    fs.rmSync(base, { recursive: true, force: true });
    return 2;
  }
  const stop = async (): Promise<void> => {
    await sim.stop();
    fs.rmSync(base, { recursive: true, force: true });
  };
  try {
    const qmiPath = sim.ports.qmi!;
    const atPath = sim.ports.at[0]!;
    const qmi = await openQmiPort({ device: qmiPath });
    const ids = await qmi.request(DMS, DMS.messages.getIds);
    const format = await qmi.request(WDA, WDA.messages.getDataFormat);
    await qmi.close();
    const at = await AtChannel.open(atPath);
    // A modem that has just powered on says RDY; a command caught by it is lost: ask again.
    const cpin = await at.send('AT+CPIN?').catch((e: unknown) => {
      if (e instanceof AtRestartError) return at.send('AT+CPIN?');
      throw e;
    });
    await at.close();
    say(`  QMI ${qmiPath}: IMEI ${ids.fields.imei ?? '?'}, modem link layer ${String(format.fields.linkLayerProtocol ?? '?')}`);
    say(`  AT  ${atPath}: AT+CPIN? -> ${cpin.lines.join(' ') || cpin.finalDescription}`);
    say('\nTry, in another terminal:');
    say(`  npx modem-doctor qmi --device ${qmiPath} wds get-current-settings`);
    say(`  npx modem-doctor qmi --device ${qmiPath} wda get-data-format`);
    say(`  npx modem-doctor at --port ${atPath} AT+CSQ 'AT+QCFG="usbnet"' AT+CGDCONT?`);
    say(`  qmicli -d ${qmiPath} --device-open-qmi --nas-get-signal-info`);
    say('\nServing the virtual modem until Ctrl-C.');
  } catch (e) {
    process.stderr.write(`modem-doctor start: the virtual modem did not answer as expected: ${(e as Error).message}\n`);
    await stop();
    return 2;
  }
  // Signal listeners alone do not keep Node running: hold a timer until Ctrl-C or SIGTERM.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await stopped;
  clearInterval(keepAlive);
  await stop();
  return 0;
}
