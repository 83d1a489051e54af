// "From start" figures, each a process started from nothing, as a user would run it (and Node
// alone, `node -e 0`, the floor under ours):
//  - ours: `modem-doctor diagnose --json` on the virtual EC25, from spawn to exit (Node's start,
//    the provider database, opening the ports, probing, judging, closing);
//  - a qmicli script: the same facts, one qmicli process per query (each opens the port,
//    allocates a client id, asks, releases it), one after another, as shell scripts do today.
// Both against one `simulate` process with the latencies (QMI 5 ms, AT 20 ms).

import type { VirtualModem } from './virtual-modems.ts';
import { CLI } from './virtual-modems.ts';
import { endGroup, spawnGroup } from './processes.ts';

interface Run { code: number | null; ms: number; stdout: string; stderr: string }

function runTimed(argv: readonly string[], timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve) => {
    const t = performance.now();
    const child = spawnGroup(argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
    const timer = setTimeout(() => { if (child.pid !== undefined) void endGroup(child.pid, 1000); }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: null, ms: performance.now() - t, stdout, stderr: String(e) }); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, ms: performance.now() - t, stdout, stderr }); });
  });
}

export function diagnoseArgv(m: VirtualModem): string[] {
  return [process.execPath, CLI, 'diagnose', ...(m.ports.qmi ? ['--qmi', m.ports.qmi] : []), ...m.ports.at.flatMap((p) => ['--at', p]),
    ...(m.net ? ['--net', m.net] : []), '--sysfs-root', m.sysfsRoot, '--json'];
}

/** `modem-doctor diagnose` from spawn to exit; exit 1 = findings (the seed has three). */
export async function oursFromStart(m: VirtualModem): Promise<{ ms: number; findings: number }> {
  const r = await runTimed(diagnoseArgv(m));
  if (r.code !== 0 && r.code !== 1) throw new Error(`modem-doctor diagnose exited ${r.code}: ${r.stderr.slice(-400)}`);
  const out = JSON.parse(r.stdout) as { modems: { findings: unknown[] }[] };
  return { ms: r.ms, findings: out.modems[0]?.findings.length ?? 0 };
}

/** Node itself from spawn to exit with nothing to do (`node -e 0`): the floor under any start of ours. */
export async function nodeBareStart(): Promise<number> {
  const r = await runTimed([process.execPath, '-e', '0']);
  if (r.code !== 0) throw new Error(`node -e 0 exited ${r.code}: ${r.stderr.slice(-200)}`);
  return r.ms;
}

/** What the doctor reads over QMI, as qmicli queries (qmicli's profile list reads each profile's settings). */
export const QMICLI_QUERIES: readonly string[] = [
  '--dms-get-manufacturer', '--dms-get-model', '--dms-get-revision', '--dms-get-hardware-revision', '--dms-get-ids',
  '--dms-get-operating-mode', '--uim-get-card-status', '--dms-uim-get-iccid', '--dms-uim-get-imsi',
  '--uim-read-transparent=0x3F00,0x7FFF,0x6FAD', '--uim-read-transparent=0x3F00,0x7FFF,0x6F3E', '--uim-read-transparent=0x3F00,0x7FFF,0x6F46',
  '--nas-get-serving-system', '--nas-get-system-info', '--nas-get-signal-info',
  '--wds-get-profile-list=3gpp', '--wds-get-autoconnect-settings', '--wds-get-packet-service-status', '--wds-get-current-settings',
  '--wda-get-data-format',
];

export async function qmicliScript(m: VirtualModem): Promise<{ ms: number; queries: number; failed: string[] }> {
  if (!m.ports.qmi) throw new Error('no QMI port');
  const failed: string[] = [];
  const t = performance.now();
  for (const q of QMICLI_QUERIES) {
    const r = await runTimed(['qmicli', '-d', m.ports.qmi, '--device-open-qmi', q], 30_000);
    if (r.code !== 0) failed.push(`${q}: ${(r.stderr || r.stdout).trim().split('\n').at(-1) ?? ''}`);
  }
  return { ms: performance.now() - t, queries: QMICLI_QUERIES.length, failed };
}
