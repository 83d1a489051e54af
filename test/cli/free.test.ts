// `modem-doctor free`: the command line's own rules, and --stop / --ignore with their undo, through
// a stand-in for the privileged helper (the helper's verbs are tested against fixtures in
// test/system/helper-*.test.ts; inhibiting a real ModemManager in test/system/modemmanager-free.test.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run, type FreeDeps } from '../../main/cli/free.ts';
import { HelperError, type HelperRequest, type HelperResult } from '../../main/system/helper-client.ts';
import { runCli } from '../support/run-cli.ts';

/** Runs the command in-process with its output captured. */
async function capture(args: string[], deps: FreeDeps): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { ...deps, out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

function fakeHelper(asked: HelperRequest[], fail?: HelperError) {
  return async (req: HelperRequest): Promise<HelperResult> => {
    asked.push(req);
    if (fail) throw fail;
    return { verb: req.verb, changed: true, message: `did ${req.verb}`, via: 'direct', ...(req.verb.includes('rule') ? { file: '/etc/udev/rules.d/x.rules' } : {}) };
  };
}

test('free --help shows an example; no way or two ways is a usage error', async () => {
  const help = await runCli(['free', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /example:\n\s+modem-doctor free \/dev\/cdc-wdm0 --inhibit/);
  assert.equal((await runCli(['free', '/dev/cdc-wdm0'])).code, 2);
  const two = await runCli(['free', '/dev/cdc-wdm0', '--stop', '--ignore']);
  assert.equal(two.code, 2);
  assert.match(two.stderr, /exactly one of --inhibit, --stop, --ignore/);
});

test('free --stop asks the helper to stop ModemManager and says how to undo; --undo starts it', async () => {
  const asked: HelperRequest[] = [];
  const stop = await capture(['/dev/cdc-wdm0', '--stop'], { runHelper: fakeHelper(asked) });
  assert.equal(stop.code, 0);
  assert.match(stop.out, /did stop-modemmanager\nTo undo: modem-doctor free \/dev\/cdc-wdm0 --stop --undo/);
  const undo = await capture(['/dev/cdc-wdm0', '--stop', '--undo'], { runHelper: fakeHelper(asked) });
  assert.equal(undo.code, 0);
  assert.deepEqual(asked.map((r) => r.verb), ['stop-modemmanager', 'start-modemmanager']);
});

test('free VID:PID --ignore installs the rule for exactly that id, prints its file and the undo', async () => {
  const asked: HelperRequest[] = [];
  const r = await capture(['2c7c:0125', '--ignore'], { runHelper: fakeHelper(asked) });
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(asked, [{ verb: 'install-mm-ignore-rule', vid: 0x2c7c, pid: 0x0125 }]);
  assert.match(r.out, /Rule file: \/etc\/udev\/rules\.d\/x\.rules\nTo undo: modem-doctor free 2c7c:0125 --ignore --undo/);
  await capture(['2c7c:0125', '--ignore', '--undo'], { runHelper: fakeHelper(asked) });
  assert.deepEqual(asked[1], { verb: 'remove-mm-ignore-rule', vid: 0x2c7c, pid: 0x0125 });
});

test('a helper refusal (polkit said no) is reported in words with the other ways, exit 1', async () => {
  const refusal = new HelperError('not-authorized', 'stop-modemmanager', 'polkit did not allow this user to stop ModemManager.',
    ['Inhibit the modem in ModemManager instead (modem-doctor free DEVICE --inhibit)']);
  const r = await capture(['/dev/cdc-wdm0', '--stop'], { runHelper: fakeHelper([], refusal) });
  assert.equal(r.code, 1);
  assert.match(r.err, /polkit did not allow[^]*Other ways:\n {2}- Inhibit the modem/);
});

test('free --ignore of a port ModemManager does not list asks for VID:PID instead', async () => {
  // A bus address where nothing listens: MM cannot be asked, so the port cannot be mapped to a USB device.
  const r = await capture(['/dev/cdc-wdm9', '--ignore'], { busAddress: 'unix:path=/nonexistent/bus', runHelper: fakeHelper([]) });
  assert.equal(r.code, 1);
  assert.match(r.err, /cannot tell which USB device \/dev\/cdc-wdm9 is: give its VID:PID instead/);
});

test('free --inhibit with no ModemManager on the bus says the bus cannot be reached, exit 1', async () => {
  const r = await capture(['/dev/cdc-wdm0', '--inhibit'], { busAddress: 'unix:path=/nonexistent/bus' });
  assert.equal(r.code, 1);
  assert.match(r.err, /cannot ask ModemManager: cannot reach the system D-Bus/);
});
