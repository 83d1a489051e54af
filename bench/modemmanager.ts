// ModemManager's time from its start to the virtual EC25 listed: Debian's ModemManager probing
// the same virtual modem (seed scenario, QMI 5 ms / AT 20 ms per reply: the simulator's default
// latencies) under umockdev, in the private world of test/support/modemmanager-harness.ts
// (network namespace, private system bus, polkitd). Needs root; close() ends every process of the
// world by pid and says which would not end.

import { skipUnlessModemManagerWorld, startModemManagerWorld } from '../test/support/modemmanager-harness.ts';

export function modemManagerSkipReason(): string | undefined {
  const why = skipUnlessModemManagerWorld();
  return why === false ? undefined : why;
}

export async function modemManagerTimeToListed(): Promise<{ ms: number; leftOver: string[] }> {
  const world = await startModemManagerWorld({ profile: 'ec25', scenario: 'seed' });
  let ms: number | undefined;
  let failure: unknown;
  try {
    await world.waitForModem(60_000);
    ms = world.firstProbeMs;
  } catch (e) {
    failure = e;
  }
  const left = await world.close();
  if (ms === undefined) throw failure ?? new Error('ModemManager did not list the modem');
  return { ms, leftOver: left.map((p) => `${p.command} (pid ${p.pid})`) };
}
