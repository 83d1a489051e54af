// `modem-doctor simulate`: runs N virtual modems, prints one JSON line per modem (its ports and
// umockdev description), serves until SIGINT/SIGTERM, then removes everything it created.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_LATENCY, startSimulator, validNames, type Simulator } from '../simulator/simulator.ts';

function table(rows: { name: string; description: string }[]): string {
  const w = Math.max(...rows.map((r) => r.name.length));
  return rows.map((r) => `  ${r.name.padEnd(w)}  ${r.description}\n`).join('');
}

function usage(): string {
  const v = validNames();
  return 'Usage: modem-doctor simulate [options]\n'
    + 'Runs virtual modems on pseudo-terminals, prints one JSON line per modem (its ports and umockdev\n'
    + 'description) and serves them until Ctrl-C, then removes what it created. SIGUSR1 prints the\n'
    + 'lines again with the client ids programs hold now ("clientIds").\n\n'
    + 'Options:\n'
    + '  --profile <p>       the modem (default ec25)\n'
    + '  --scenario <s>      what is wrong with it (default healthy)\n'
    + '  --count <n>         how many modems, each with its own IMEI, ICCID and USB serial (default 1)\n'
    + `  --latency-qmi <ms>  delay before each QMI reply (default ${DEFAULT_LATENCY.qmi})\n`
    + `  --latency-at <ms>   delay before each AT reply (default ${DEFAULT_LATENCY.at})\n`
    + `  --latency-data <ms> delay before each packet the modem answers (default ${DEFAULT_LATENCY.data})\n`
    + '  --data-plane        a real network interface per modem (wwan0...) that carries packets: a tun\n'
    + '                      in raw-ip mode, a tap in 802.3; DHCP, ping and DNS answered while a data\n'
    + '                      session is up and the data formats agree. Root, in a private network\n'
    + '                      namespace only (unshare -n)\n'
    + '  --dir <d>           where the port links and umockdev file go (default: a temporary folder)\n'
    + '  -h, --help          this text\n\n'
    + `Profiles:\n${table(v.profiles)}\nScenarios:\n${table(v.scenarios)}\n`
    + 'Examples:\n  modem-doctor simulate --profile mc7455 --scenario sim-pin --latency-at 1\n'
    + '  sudo unshare -n modem-doctor simulate --scenario seed --data-plane\n';
}

/** A command line the user must correct (a bad number); printed as it is, exit 2. */
class UsageError extends Error {}

function nonNegative(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number ≥ 0, got "${text}"`);
  return n;
}

export async function run(args: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs({ args, options: {
      profile: { type: 'string', default: 'ec25' },
      scenario: { type: 'string', default: 'healthy' },
      'latency-qmi': { type: 'string' },
      'latency-at': { type: 'string' },
      'latency-data': { type: 'string' },
      'data-plane': { type: 'boolean', default: false },
      count: { type: 'string', default: '1' },
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    } }).values;
  } catch (e) {
    process.stderr.write(`modem-doctor simulate: ${(e as Error).message}\n${usage()}`);
    return 2;
  }
  if (opts.help) { process.stdout.write(usage()); return 0; }
  let latency: { qmi?: number; at?: number; data?: number };
  let count: number;
  try {
    latency = {
      qmi: nonNegative(opts['latency-qmi'], 'latency-qmi'), at: nonNegative(opts['latency-at'], 'latency-at'),
      data: nonNegative(opts['latency-data'], 'latency-data'),
    };
    count = nonNegative(opts.count, 'count') ?? 1;
    if (count < 1) throw new UsageError('--count must be at least 1');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`modem-doctor simulate: ${e.message}\n`);
    return 2;
  }
  if (latency.qmi === undefined) delete latency.qmi;
  if (latency.at === undefined) delete latency.at;
  if (latency.data === undefined) delete latency.data;

  const ownDir = opts.dir === undefined;
  const base = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'md-sim-'));
  const sims: Simulator[] = [];
  const cleanup = async (): Promise<void> => {
    await Promise.all(sims.map((s) => s.stop()));
    if (ownDir) fs.rmSync(base, { recursive: true, force: true });
  };
  // Listen for the stop signal before printing anything: whoever reads our first line may
  // signal us at once, and an unhandled SIGTERM would end us without cleaning up.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  // SIGUSR1: one status line per modem again, with the client ids programs hold right now
  // ("clientIds"), so a test or a curious user can see that nothing was leaked.
  const status = (): void => { for (const s of sims) process.stdout.write(`${JSON.stringify(s.toJSON())}\n`); };
  process.on('SIGUSR1', status);
  try {
    for (let i = 0; i < count; i++) {
      const dir = count === 1 ? path.join(base, 'modem') : path.join(base, `modem-${i}`);
      const sim = await startSimulator({ profile: opts.profile, scenario: opts.scenario, dir, latency, seed: i + 1, index: i, dataPlane: opts['data-plane'] });
      sims.push(sim);
      process.stdout.write(`${JSON.stringify(sim.toJSON())}\n`);
    }
  } catch (e) {
    // startSimulator checks the profile and scenario names; its SimulatorError names the valid
    // ones. Any other failure (python3 missing, a PTY that could not be set up) is reported the same way.
    process.stderr.write(`modem-doctor simulate: ${e instanceof Error ? e.message : String(e)}\n`);
    await cleanup();
    return 2;
  }
  // Serving must not depend on the modems' own handles: once the unplug scenario has pulled the
  // device (its PTY masters closed) nothing else would keep Node running until the signal.
  const keepAlive = setInterval(() => undefined, 2 ** 30);
  await stopped;
  process.off('SIGUSR1', status);
  clearInterval(keepAlive);
  await cleanup();
  return 0;
}
