// `npm start` / `modem-doctor start`: the desktop window where Electron's binary is installed and
// there is a display; otherwise it says why and serves the same wizard to a browser, printing the
// URL. With no modem plugged in (or --virtual) a virtual Quectel EC25 in its "seed" scenario is
// started, so a newcomer sees the whole wizard at once. Serves until Ctrl-C, then stops what it
// started.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { electronBinary } from '../startup/electron-binary.ts';
import { parseCommandArgs, usageError } from './args.ts';
import { serve, untilSignal } from './serve.ts';

const say = (s = ''): void => { process.stdout.write(`${s}\n`); };
const ROOT = path.join(import.meta.dirname, '..', '..');

const USAGE = 'usage: modem-doctor start [--virtual] [--browser]\n'
  + 'Opens Modem Doctor: the desktop window where Electron is installed, otherwise the wizard in a\n'
  + 'browser (the URL is printed). With no modem plugged in, a virtual Quectel EC25 ("seed" scenario)\n'
  + 'is started to look around. Until Ctrl-C.\n\n'
  + 'Options:\n'
  + '  --virtual   start the virtual modem even when a modem is plugged in\n'
  + '  --browser   serve to a browser even where the window could open\n'
  + '  -h, --help  this text\n\n'
  + 'Example:\n  modem-doctor start --virtual\n';

/** Compiles the window's main process and preload (Electron runs JavaScript) when out/ is missing or older. */
function buildShell(): boolean {
  const out = path.join(ROOT, 'out', 'main', 'electron', 'main.js');
  const src = path.join(ROOT, 'main', 'electron', 'main.ts');
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= fs.statSync(src).mtimeMs) return true;
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  return spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.electron.json')], { stdio: 'inherit' }).status === 0;
}

async function openWindow(binary: string, virtual: boolean): Promise<number> {
  if (!buildShell()) { process.stderr.write('modem-doctor start: could not compile the window (see above)\n'); return 2; }
  const child = spawn(binary, [ROOT, ...(virtual ? ['--virtual'] : [])], { stdio: 'inherit' });
  const stop = (): void => { child.kill('SIGTERM'); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 0)));
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('start', args, { virtual: { type: 'boolean' }, browser: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length > 0) return usageError('start', `unknown option ${parsed.positionals.join(' ')}`, USAGE);
  const virtual = parsed.values.virtual === true;
  say('Modem Doctor');
  const electron = electronBinary(ROOT);
  if (electron.binary && !electron.reason && !parsed.values.browser) return openWindow(electron.binary, virtual);
  if (electron.reason && !parsed.values.browser) say(`The desktop window cannot open here: ${electron.reason}. Serving the wizard to a browser instead.`);
  // Listen before printing anything a supervisor waits for: it may signal us at once.
  const stopped = untilSignal();
  let served;
  try {
    served = await serve({});
  } catch (e) {
    process.stderr.write(`modem-doctor start: ${(e as Error).message}\n`);
    return 2;
  }
  const present = served.session.state().modems.filter((m) => m.present);
  if (virtual || present.length === 0) {
    say(present.length === 0 ? '\nNo modem is plugged in: starting a virtual Quectel EC25 (scenario "seed": raw-ip modem, 802.3 kernel, no APN, autoconnect on).' : '\nStarting a virtual Quectel EC25 (scenario "seed").');
    try {
      const m = await served.session.startVirtualModem({ scenario: 'seed', profile: 'ec25' });
      say(`  ${m.label}: QMI ${m.target.qmi ?? '-'}, AT ${m.target.at.join(', ')}`);
      say(`  Try, in another terminal: npx modem-doctor qmi --device ${m.target.qmi ?? ''} wds get-current-settings`);
    } catch (e) {
      process.stderr.write(`modem-doctor start: could not start the virtual modem: ${(e as Error).message}\n`);
    }
  } else {
    say(`\nModems: ${present.map((m) => m.label).join('; ')}`);
  }
  say(`\nOpen ${served.host.url}`);
  say('Serving until Ctrl-C.');
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await stopped;
  clearInterval(keepAlive);
  await served.stop();
  return 0;
}
