// Leak check: the engine's heap after 1000 sessions with the virtual EC25 over 10, and the client
// ids the modem still holds for us afterwards. One session is what every doctor step does: open
// the target (QMI with its CTL Sync, the first AT port that answers), read over QMI (a DMS client
// id is allocated), close (the client id is released, the ports closed). The heap is read after
// a full collection (node --expose-gc; without it the figure is skipped).

import { connectTarget } from '../main/doctor/connect-target.ts';
import { DMS } from '../main/qmi/services/dms.ts';
import { startVirtualModems, targetOf } from './virtual-modems.ts';

declare const gc: (() => void) | undefined;

function settledHeap(): number {
  if (typeof gc !== 'function') throw new Error('run node with --expose-gc');
  gc(); gc();
  return process.memoryUsage().heapUsed;
}

export interface SessionResult {
  cycles: number;
  heapAfter10: number;
  heapAfterAll: number;
  memoryRatio: number;
  cidsLeaked: number;
  clientIdsHeld: Record<string, number[]>;
  msPerSession: number;
}

export async function measureSessions(cycles: number): Promise<SessionResult> {
  const vm = await startVirtualModems(1, 'healthy');
  try {
    const target = targetOf(vm.modems[0]!);
    const one = async (): Promise<void> => {
      const open = await connectTarget(target, { releaseOnSignals: false });
      try {
        if (!open.qmi) throw new Error(`the virtual modem's QMI port did not answer: ${JSON.stringify(open.reach?.value)}`);
        await open.qmi.request(DMS, DMS.messages.getIds, {});
      } finally {
        await open.close();
      }
    };
    for (let i = 0; i < 10; i++) await one();
    const heapAfter10 = settledHeap();
    const t = performance.now();
    for (let i = 10; i < cycles; i++) await one();
    const msPerSession = (performance.now() - t) / Math.max(1, cycles - 10);
    const heapAfterAll = settledHeap();
    const [held] = await vm.clientIds();
    const clientIdsHeld = held ?? {};
    const cidsLeaked = Object.values(clientIdsHeld).reduce((n, ids) => n + ids.length, 0);
    return { cycles, heapAfter10, heapAfterAll, memoryRatio: heapAfterAll / heapAfter10, cidsLeaked, clientIdsHeld, msPerSession };
  } finally {
    await vm.stop();
  }
}
