// `npm start` where Electron's binary is not installed (here it never is: npm ci skips the
// download): it says so, serves the wizard to a browser with a virtual EC25, prints the URL,
// serves until a signal, then everything it created is removed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { BIN, runCli } from '../support/run-cli.ts';

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`start --virtual serves the wizard and the virtual modem, and cleans up on ${signal}`, async () => {
    const child = spawn(process.execPath, [BIN, 'start', '--virtual'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const exited = new Promise<{ code: number | null; sig: NodeJS.Signals | null }>((res) => child.on('exit', (code, sig) => res({ code, sig })));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "Serving" line in 60 s: ${out} ${err}`)), 60000);
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('until Ctrl-C')) { clearTimeout(timer); resolve(); }
      });
    });
    assert.match(out, /The desktop window cannot open here: .*Serving the wizard to a browser instead/);
    assert.match(out, /Virtual Quectel EC25 \(seed\): QMI \S+cdc-wdm0, AT /);
    const url = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)?.[1];
    assert.ok(url, out);
    // The page is there for a browser that has the URL, and not for one without the token.
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Modem Doctor/);
    assert.equal((await fetch(url.replace(/token=.*/, 'token=wrong'))).status, 403);
    // Signal as a supervisor would.
    child.kill(signal);
    const { code, sig } = await exited;
    assert.equal(sig, null, err);
    assert.equal(code, 0, err);
    const qmi = /QMI (\S+cdc-wdm0)/.exec(out)?.[1];
    assert.ok(qmi);
    assert.equal(fs.existsSync(qmi), false, 'the virtual modem\'s files are gone');
  });
}

test('start --help explains itself and starts nothing; an unknown option is a usage error', async () => {
  const help = await runCli(['start', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: modem-doctor start \[--virtual\] \[--browser\]/);
  assert.match(help.stdout, /^ {2}--virtual +start the virtual modem even when a modem is plugged in$/m);
  assert.match(help.stdout, /^Example:\n {2}modem-doctor start --virtual$/m);
  assert.doesNotMatch(help.stdout, /starting a virtual/);
  const bad = await runCli(['start', '--bogus']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown option '?--bogus/i);
});
