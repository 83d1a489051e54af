// `npm start` with no modem plugged in: a virtual EC25 is started, read once over QMI and AT,
// served until a signal, then everything it created is removed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { BIN, runCli } from '../support/run-cli.ts';

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`start --virtual reads the virtual modem, serves it, and cleans up on ${signal}`, async () => {
    const child = spawn(process.execPath, [BIN, 'start', '--virtual'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const exited = new Promise<{ code: number | null; sig: NodeJS.Signals | null }>((res) => child.on('exit', (code, sig) => res({ code, sig })));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "Serving" line in 20 s: ${out} ${err}`)), 20000);
      child.stdout.on('data', (d) => {
        out += d;
        // Signal at once, as a supervisor would: the process must already be listening.
        if (out.includes('until Ctrl-C')) { clearTimeout(timer); child.kill(signal); resolve(); }
      });
    });
    const { code, sig } = await exited;
    assert.equal(sig, null, err);
    assert.equal(code, 0, err);
    assert.match(out, /IMEI 867698041234567, modem link layer raw-ip/);
    assert.match(out, /AT\+CPIN\? -> \+CPIN: READY/);
    const qmi = /QMI (\S+cdc-wdm0)/.exec(out)?.[1];
    assert.ok(qmi);
    assert.equal(fs.existsSync(qmi), false, 'the virtual modem\'s files are gone');
  });
}

test('start --help explains itself and starts nothing; an unknown option is a usage error', async () => {
  const help = await runCli(['start', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: modem-doctor start \[--virtual\]/);
  assert.match(help.stdout, /^ {2}--virtual +start the virtual modem even when a modem is plugged in$/m);
  assert.match(help.stdout, /^Example:\n {2}modem-doctor start --virtual$/m);
  assert.doesNotMatch(help.stdout, /starting a virtual/);
  const bad = await runCli(['start', '--bogus']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown option --bogus/);
});
