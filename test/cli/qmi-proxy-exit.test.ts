// `modem-doctor qmi --proxy` through libqmi's real qmi-proxy, while another client (as
// ModemManager would) keeps the proxy and the port busy: the command exits by itself after
// printing its answer, and qmi-proxy is idle afterwards. Before, the client half-closed its
// socket and waited for the proxy to close, which it never did, spinning at ~84 % of a core.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { BIN } from '../support/run-cli.ts';
import { skipUnlessRoot } from '../support/needs-root.ts';
import { withOwnQmiProxy } from '../support/own-qmi-proxy.ts';
import { withSim } from '../simulator/support.ts';
import { openQmiPort } from '../../main/system/open-qmi.ts';
import { deviceHolders } from '../../main/system/device-holders.ts';
import { DMS } from '../../main/qmi/services/index.ts';

/** utime + stime of a process in clock ticks (/proc/<pid>/stat fields 14 and 15). */
function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[14 - 3]) + Number(f[15 - 3]);
}

test('qmi --proxy dms get-ids exits by itself after its answer, and qmi-proxy is idle afterwards',
  { skip: skipUnlessRoot('libqmi\'s qmi-proxy refuses to start without root') }, (t) => withOwnQmiProxy(() => withSim('ec25', 'healthy', async (sim) => {
    const port = sim.ports.qmi!;
    const keeper = await openQmiPort({ device: port, proxy: true, releaseOnSignals: false });
    try {
      await keeper.request(DMS, DMS.messages.getIds);
      const proxy = (await deviceHolders(port)).find((h) => h.command === 'qmi-proxy');
      assert.ok(proxy, 'qmi-proxy holds the port');

      const child = spawn(process.execPath, [BIN, 'qmi', '--device', port, '--proxy', 'dms', 'get-ids'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let answeredAt = 0;
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (!answeredAt && out.includes('\n')) answeredAt = performance.now();
      });
      const killer = setTimeout(() => child.kill('SIGKILL'), 20000);
      const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      const exitedAt = performance.now();
      clearTimeout(killer);
      assert.equal(code, 0, `exit code ${code} (null: killed after 20 s, it had not exited); output: ${out}`);
      assert.equal((JSON.parse(out) as { fields: { imei: string } }).fields.imei, sim.model.state.identity.imei);
      const lingerMs = exitedAt - answeredAt;

      // The proxy still serves the other client: over the next second it should use next to no CPU.
      const before = cpuTicks(proxy.pid);
      await new Promise((r) => setTimeout(r, 1000));
      const used = cpuTicks(proxy.pid) - before;
      t.diagnostic(`exited ${Math.round(lingerMs)} ms after its answer; qmi-proxy used ${used} clock tick(s) of CPU in the second after`);
      assert.ok(used <= 10, `qmi-proxy used ${used} clock ticks (1/100 s each) of CPU in the second after`);
      assert.equal((await keeper.request(DMS, DMS.messages.getIds)).ok, true, 'and still answers');
    } finally {
      await keeper.close();
    }
  })));
