// Several programs on one QMI port: ten `modem-doctor qmi` processes at once on one virtual
// modem, straight on its port and through libqmi's qmi-proxy. Each must get its own right
// answer or a clear "held by another program" error, never another's reply, and when they are
// all gone the modem holds no client id (read from the simulator's CID table).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/run-cli.ts';
import { skipUnlessRoot } from '../support/needs-root.ts';
import { withSim } from '../simulator/support.ts';
import { waitFor } from '../support/wait.ts';
import { withOwnQmiProxy } from '../support/own-qmi-proxy.ts';
import type { Simulator } from '../../main/simulator/simulator.ts';

/** Three different questions, so a reply meant for another process would show. */
const ASKS: { args: [string, string]; check: (fields: Record<string, unknown>, sim: Simulator) => void }[] = [
  { args: ['dms', 'get-ids'], check: (f, s) => assert.equal(f.imei, s.model.state.identity.imei) },
  { args: ['nas', 'get-signal-info'], check: (f, s) => assert.equal((f.lteSignalStrength as { rsrp: number }).rsrp, s.model.state.signal.rsrp) },
  { args: ['wda', 'get-data-format'], check: (f, s) => assert.equal(f.linkLayerProtocol, s.model.state.dataFormat.linkLayer) },
];
const MESSAGE_NAMES: Record<string, string> = { 'get-ids': 'Get IDs', 'get-signal-info': 'Get Signal Info', 'get-data-format': 'Get Data Format' };

async function tenAtOnce(sim: Simulator, proxy: boolean): Promise<{ answered: number; refused: number }> {
  const runs = await Promise.all(Array.from({ length: 10 }, (_, i) => {
    const ask = ASKS[i % ASKS.length]!;
    return runCli(['qmi', '--device', sim.ports.qmi!, ...(proxy ? ['--proxy'] : []), ...ask.args], undefined, 60000)
      .then((run) => ({ run, ask }));
  }));
  let answered = 0;
  let refused = 0;
  for (const { run, ask } of runs) {
    const out = JSON.parse(run.stdout) as { message?: { name: string }; fields?: Record<string, unknown>; error?: { message: string } };
    if (run.code === 0) {
      assert.equal(out.message?.name, MESSAGE_NAMES[ask.args[1]], `${ask.args.join(' ')} got the answer to its own question`);
      ask.check(out.fields!, sim);
      answered++;
    } else {
      // The only acceptable failure: the port was held by one of the others.
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(out.error?.message ?? '', /is held by another program: .*\(pid \d+\).*--proxy/s);
      refused++;
    }
  }
  // Every process has exited: whatever client ids they took were given back.
  await waitFor(() => Object.keys(sim.clientIds()).length === 0, 3000, `no client id left in the modem (${JSON.stringify(sim.clientIds())})`);
  return { answered, refused };
}

test('ten qmi processes at once straight on the port: own answers or "held by another program", no client id left', (t) =>
  withSim('ec25', 'healthy', async (sim) => {
    const { answered, refused } = await tenAtOnce(sim, false);
    t.diagnostic(`${answered} answered, ${refused} refused as held by another program`);
    assert.equal(answered + refused, 10);
    assert.ok(answered >= 1, 'at least the first one to hold the port is answered');
  }));

test('ten qmi processes at once through qmi-proxy: every one answered, no client id left',
  { skip: skipUnlessRoot('libqmi\'s qmi-proxy refuses to start without root') }, () =>
    withOwnQmiProxy(() => withSim('ec25', 'healthy', async (sim) => {
      const { answered } = await tenAtOnce(sim, true);
      assert.equal(answered, 10, 'the proxy shares the port: nobody is refused');
    })));
