// The kernel module inside a umockdev testbed made by the virtual modem: umockdev redirects
// opendir, readlink and file reads and writes of /sys to its own tree (and not readdir or stat
// by path), so this proves the module reads and writes only in ways that work there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runProgram, withSim } from '../simulator/support.ts';

const SYSTEM = path.join(import.meta.dirname, '..', '..', 'main', 'system');
const SCRIPT = `
import { inspectNetInterfaces } from '${SYSTEM}/kernel.ts';
import { writeRawIp } from '${SYSTEM}/kernel-raw-ip.ts';
const before = await inspectNetInterfaces();
const change = await writeRawIp('wwan0', 'Y');
const after = await inspectNetInterfaces();
process.stdout.write(JSON.stringify({ before, change, after }));
`;

test('under umockdev-run (EC25 seed): wwan0 on qmi_wwan with raw_ip N is found, and set to Y in the testbed', () => withSim('ec25', 'seed', async (sim) => {
  const r = await runProgram(sim.umockdevArgv([process.execPath, '--input-type=module', '-e', SCRIPT]));
  assert.equal(r.code, 0, r.stderr);
  const seen = JSON.parse(r.stdout) as { before: unknown[]; change: unknown; after: { rawIp?: string }[] };
  // JSON leaves out adminUp: the testbed has no `flags`, so it is unknown.
  assert.deepEqual(seen.before, [{ name: 'wwan0', driver: 'qmi_wwan', rawIp: 'N', link: { name: 'wwan0', operstate: 'down', arphrd: 1 } }]);
  assert.deepEqual(seen.change, { iface: 'wwan0', previous: 'N', current: 'Y', changed: true });
  assert.equal(seen.after[0]?.rawIp, 'Y');
}));
