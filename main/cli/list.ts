// `modem-doctor list`: every modem found, with VID:PID, vendor, model, each port with its path,
// role, driver, owner and access, the net interfaces with their raw_ip, what ModemManager claims
// and the problems seen. A table for people by default, --json for programs, --watch to follow
// plugging and unplugging.

import { parseArgs } from 'node:util';
import { UsbWatcher, type UsbChange } from '../discovery/hotplug.ts';
import { buildInventory, type Inventory, type InventoryModem, type InventoryPort } from '../doctor/inventory.ts';
import { defaultSystemFacts } from '../system/system-facts.ts';
import { printJson } from './json-out.ts';

const USAGE = `Usage: modem-doctor list [--json] [--probe] [--watch]

Lists the modems plugged in: VID:PID, vendor and model; every port with its path, role
(at, nmea, diag, qmi, mbim...), USB interface, driver, the processes holding it and whether
you may open it; the network interface with its raw_ip setting; what ModemManager claims;
and the problems seen, each with a fix in words.

  --json    one JSON object on stdout (with --watch: one JSON line per event)
  --probe   find the role of ports the device table does not know: listen, then send one AT
            (never to a port another program holds)
  --watch   after the list, report every USB attach and detach until Ctrl-C

Example:
  $ modem-doctor list
  Quectel EC25 / EG25-G (also EC20 R2.0 mPCIe)  2c7c:0125  USB 1-1  composition rmnet (qmi)
    PORT           ROLE   IF  DRIVER    HELD BY              ACCESS
    /dev/ttyUSB0   diag    0  option    -                    ok
    /dev/ttyUSB1   nmea    1  option    -                    ok
    /dev/ttyUSB2   at      2  option    ModemManager (812)   ok
    /dev/ttyUSB3   at*     3  option    -                    ok
    /dev/cdc-wdm0  qmi     4  qmi_wwan  qmi-proxy (901)      ok
    net wwan0 (if 4, qmi_wwan): raw_ip N, down

Exit codes: 0 listed (also when no modem is found), 2 usage error.
`;

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s.padEnd(n);
}

function portLine(p: InventoryPort): string {
  const role = p.role + (p.secondary ? '*' : '') + (p.roleSource === 'probe' ? '?' : '');
  const held = p.owners.length ? p.owners.map((o) => `${o.command} (${o.pid})`).join(', ') : '-';
  const access = p.access.ok ? 'ok' : `no (${p.access.code ?? 'denied'})`;
  return `    ${pad(p.path, 15)}${pad(role, 7)}${pad(String(p.interfaceNumber).padStart(2), 4)}${pad(p.driver ?? '-', 10)}${pad(held, 21)}${access}`;
}

function modemText(m: InventoryModem): string {
  const lines: string[] = [];
  const comp = m.composition ? `  composition ${m.composition.mode}${m.composition.network ? ` (${m.composition.network})` : ''}` : '';
  lines.push(`${m.vendor} ${m.model}  ${m.vid}:${m.pid}  USB ${m.id}${comp}${m.known ? '' : '  (not in the device table)'}`);
  if (m.mode !== 'modem') lines.push(`  ${m.mode === 'storage' ? 'STORAGE MODE' : 'NOT RUNNING ITS MODEM FIRMWARE'}: ${m.explanation ?? ''}`);
  if (m.ports.length) {
    lines.push(`    ${pad('PORT', 15)}${pad('ROLE', 7)}${pad('IF', 4)}${pad('DRIVER', 10)}${pad('HELD BY', 21)}ACCESS`);
    for (const p of m.ports) lines.push(portLine(p));
    if (m.ports.some((p) => p.secondary)) lines.push('    (* a second AT port; ? role found by probing)');
  }
  for (const n of m.net) {
    const raw = n.rawIp === null ? '' : `: raw_ip ${n.rawIp ? 'Y' : 'N'}`;
    lines.push(`    net ${n.name} (if ${n.interfaceNumber}, ${n.driver ?? 'no driver'})${raw}${n.operstate ? `, ${n.operstate}` : ''}`);
  }
  if (m.modemManager) lines.push(`  ModemManager: ${m.modemManager.objectPath}${m.modemManager.state ? ` (${m.modemManager.state})` : ''}`);
  else if (m.modemManager === null) lines.push('  ModemManager: running, does not list this modem');
  if (m.problems.length) {
    lines.push('  Problems:');
    for (const p of m.problems) lines.push(`   - ${p.text}${p.fix ? `\n     fix: ${p.fix}` : ''}`);
  }
  return lines.join('\n');
}

export function inventoryText(inv: Inventory): string {
  const out: string[] = [];
  if (inv.modems.length === 0) out.push('No modem found.');
  for (const m of inv.modems) out.push(modemText(m), '');
  if (inv.modemManager?.error) out.push(`ModemManager could not be asked: ${inv.modemManager.error}`);
  if (inv.libusbError) out.push(`(libusb could not list devices: ${inv.libusbError}; listed from sysfs)`);
  return `${out.join('\n').trimEnd()}\n`;
}

export async function run(args: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs({ args, options: {
      json: { type: 'boolean', default: false },
      probe: { type: 'boolean', default: false },
      watch: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    } }).values;
  } catch (e) {
    process.stderr.write(`modem-doctor list: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (opts.help) { process.stdout.write(USAGE); return 0; }

  const inventory = await buildInventory({ probe: opts.probe, systemFacts: defaultSystemFacts });
  if (opts.json) printJson(opts.watch ? { event: 'list', ...inventory } : inventory, !opts.watch);
  else process.stdout.write(inventoryText(inventory));
  if (!opts.watch) return 0;
  return watch(opts.json);
}

/** Reports attach/detach until SIGINT/SIGTERM; for a modem that arrives, its inventory entry too. */
async function watch(json: boolean): Promise<number> {
  const watcher = new UsbWatcher();
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  let queue = Promise.resolve();
  watcher.on('change', (c: UsbChange) => {
    const at = new Date().toISOString();
    // The event is printed at once (that is what "seen within a second" is about); the modem's
    // full entry follows when its interfaces have been read.
    if (json) printJson({ event: c.event, time: at, device: c.device });
    else process.stdout.write(`${at} ${c.event === 'attach' ? 'attached' : 'detached'}: USB ${c.device.id} ${c.device.vid}:${c.device.pid}\n`);
    if (c.event !== 'attach') return;
    queue = queue.then(async () => {
      const inv = await buildInventory({ systemFacts: defaultSystemFacts });
      const m = inv.modems.find((x) => x.sysPath === c.device.sysPath);
      if (!m) return;
      if (json) printJson({ event: 'modem', time: new Date().toISOString(), modem: m });
      else process.stdout.write(`${modemText(m)}\n`);
    }).catch((e: unknown) => { process.stderr.write(`modem-doctor list: ${e instanceof Error ? e.message : String(e)}\n`); });
  });
  await watcher.start();
  if (!json) process.stdout.write('Watching for USB changes (Ctrl-C to stop)…\n');
  await stopped;
  watcher.stop();
  await queue;
  return 0;
}
