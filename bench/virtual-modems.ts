// Virtual modems for the bench: `modem-doctor simulate` in a process of its own (a real modem is
// not in our event loop either), with the latencies the issue fixes: 5 ms per QMI reply, 20 ms per
// AT reply. Its first lines (one JSON object per modem) say where the ports are.

import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ChildProcess } from 'node:child_process';
import type { ModemTarget } from '../main/doctor/target.ts';
import { targetFromPorts } from '../main/doctor/targets.ts';
import { endGroup, spawnGroup } from './processes.ts';

export const LATENCY = { qmi: 5, at: 20 };
const ROOT = path.dirname(import.meta.dirname);
export const CLI = path.join(ROOT, 'bin', 'modem-doctor.mjs');

export interface VirtualModem {
  ports: { qmi: string | null; at: string[]; nmea: string | null; diag: string | null };
  sysfsRoot: string;
  net: string | null;
  clientIds: Record<string, number[]>;
}

export interface VirtualModems {
  modems: VirtualModem[];
  child: ChildProcess;
  /** The client ids programs hold right now, per modem (SIGUSR1 makes simulate print them). */
  clientIds(): Promise<Record<string, number[]>[]>;
  stop(): Promise<void>;
}

export function targetOf(m: VirtualModem): ModemTarget {
  const notAt = [
    ...(m.ports.nmea ? [{ path: m.ports.nmea, role: 'nmea' }] : []),
    ...(m.ports.diag ? [{ path: m.ports.diag, role: 'diag' }] : []),
  ];
  return targetFromPorts({ ...(m.ports.qmi ? { qmi: m.ports.qmi } : {}), at: m.ports.at, notAt, ...(m.net ? { net: m.net } : {}) }, { sysfsRoot: m.sysfsRoot });
}

export async function startVirtualModems(count = 1, scenario = 'seed', profile = 'ec25'): Promise<VirtualModems> {
  const child = spawnGroup([process.execPath, CLI, 'simulate', '--profile', profile, '--scenario', scenario,
    '--latency-qmi', String(LATENCY.qmi), '--latency-at', String(LATENCY.at), '--count', String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<(l: string) => void> = [];
  const queued: string[] = [];
  lines.on('line', (l) => { const w = waiting.shift(); if (w) w(l); else queued.push(l); });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
  const next = (ms: number): Promise<string> => new Promise((resolve, reject) => {
    const q = queued.shift();
    if (q !== undefined) { resolve(q); return; }
    const t = setTimeout(() => reject(new Error(`simulate gave no line within ${ms} ms: ${stderr}`)), ms);
    waiting.push((l) => { clearTimeout(t); resolve(l); });
  });
  const stop = async (): Promise<void> => { if (child.pid !== undefined) await endGroup(child.pid, 5000); };
  try {
    const modems: VirtualModem[] = [];
    for (let i = 0; i < count; i++) modems.push(JSON.parse(await next(60_000)) as VirtualModem);
    return {
      modems, child, stop,
      clientIds: async () => {
        child.kill('SIGUSR1');
        const out: Record<string, number[]>[] = [];
        for (let i = 0; i < count; i++) out.push((JSON.parse(await next(10_000)) as VirtualModem).clientIds);
        return out;
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
