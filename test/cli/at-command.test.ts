// `modem-doctor at`, run as a user runs it: the real launcher in a child process, a real PTY.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { openPty, type PtyPort } from '../../main/simulator/pty.ts';
import { AtResponder, healthyModem, type Script } from '../support/at-responder.ts';
import { runCli, type CliRun } from '../support/run-cli.ts';

function cli(args: string[]): Promise<CliRun> {
  return runCli(['at', ...args], undefined, 60_000);
}

async function withModem(script: Script, body: (pty: PtyPort, modem: AtResponder) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(os.tmpdir() + '/md-');
  const pty = await openPty(`${dir}/ttyUSB2`);
  const modem = new AtResponder(pty, script);
  try {
    await body(pty, modem);
  } finally {
    await pty.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('at --port PTY AT+CSQ prints the raw reply and the final result, exit 0', async () => {
  await withModem(healthyModem, async (pty, modem) => {
    const r = await cli(['--port', pty.path, 'AT+CSQ']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^> AT\+CSQ$/m);
    assert.ok(r.stdout.includes('raw:    "\\r\\n+CSQ: 20,99\\r\\n\\r\\nOK\\r\\n"'), r.stdout);
    assert.match(r.stdout, /final: {2}OK \(\d+ ms\)/);
    assert.match(r.stdout, /parsed: \{"rssi":20,"ber":99,"rssiDbm":-73/);
    assert.deepEqual(modem.received, ['AT+CSQ']);
  });
});

test('--json prints one object per command, in order', async () => {
  await withModem(healthyModem, async (pty) => {
    const r = await cli(['--port', pty.path, '--json', 'AT+CPIN?', 'AT+CSQ']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.equal(lines[0]!.command, 'AT+CPIN?');
    assert.deepEqual(lines[0]!.lines, ['+CPIN: READY']);
    assert.equal(lines[1]!.command, 'AT+CSQ');
    assert.equal(lines[1]!.raw, '\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
    assert.deepEqual(lines[1]!.final, { kind: 'ok' });
    assert.equal(lines[1]!.ok, true);
    assert.equal((lines[1]!.parsed as { value: { rssiDbm: number } }).value.rssiDbm, -73);
  });
});

test('a port that never answers prints the typed timeout message and exits 1', async () => {
  await withModem(() => null, async (pty) => {
    const r = await cli(['--port', pty.path, '--timeout', '300', 'AT']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /no final result for AT within 300 ms/);
    assert.match(r.stdout, /owned by another process \(ModemManager\?\) or is not an AT port/);
    const j = await cli(['--port', pty.path, '--timeout', '300', '--json', 'AT']);
    assert.equal(j.code, 1);
    const obj = JSON.parse(j.stdout.trim()) as { error: { code: string; likelyCause: string } };
    assert.equal(obj.error.code, 'timeout');
    assert.equal(obj.error.likelyCause, 'silent');
  });
});

test('an ERROR from the modem exits 1 and names the reason; a PIN never appears in the output', async () => {
  const script: Script = (c) => (c.startsWith('AT+CPIN=') ? '\r\n+CME ERROR: 16\r\n' : healthyModem(c));
  await withModem(script, async (pty) => {
    const r = await cli(['--port', pty.path, 'AT+CPIN="9876"']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /> AT\+CPIN="\*\*\*\*"/);
    assert.match(r.stdout, /\+CME ERROR 16/);
    assert.doesNotMatch(r.stdout + r.stderr, /9876/);
  });
});

test('usage errors exit 2 without touching any port', async () => {
  const missingPort = await cli(['AT+CSQ']);
  assert.equal(missingPort.code, 2);
  assert.match(missingPort.stderr, /--port PATH is required/);
  const noCommand = await cli(['--port', '/dev/null']);
  assert.equal(noCommand.code, 2);
  assert.match(noCommand.stderr, /at least one command/);
  const notAt = await cli(['--port', '/dev/null', 'CSQ']);
  assert.equal(notAt.code, 2);
  assert.match(notAt.stderr, /must start with AT/);
  const badTimeout = await cli(['--port', '/dev/null', '--timeout', 'soon', 'AT']);
  assert.equal(badTimeout.code, 2);
  // Node's timers hold 2^31-1 ms at most; a longer one would fire at once.
  const hugeTimeout = await cli(['--port', '/dev/null', '--timeout', '3000000000', 'AT']);
  assert.equal(hugeTimeout.code, 2);
  assert.match(hugeTimeout.stderr, /--timeout must be at most 2147483647 ms/);
  const unknownOption = await cli(['--port', '/dev/null', '--baud', '9600', 'AT']);
  assert.equal(unknownOption.code, 2);
});

test('a port that does not exist exits 2 with "does not exist"', async () => {
  const dir = fs.mkdtempSync(os.tmpdir() + '/md-');
  const r = await cli(['--port', `${dir}/ttyUSB9`, 'AT']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /does not exist \(unplugged\?/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a slow command shows progress on stderr while stdout stays the reply alone', async () => {
  // An operator scan that takes 2.5 s: the user must see that something is happening.
  const slow: Script = async (command) => {
    if (command === 'AT+COPS=?') {
      await new Promise((r) => setTimeout(r, 2500));
      return '\r\n+COPS: (2,"WINDTRE","WINDTRE","22288",7),,(0,1,2,3,4),(0,1,2)\r\n\r\nOK\r\n';
    }
    return healthyModem(command);
  };
  await withModem(slow, async (pty) => {
    const r = await cli(['--port', pty.path, '--json', 'AT+COPS=?']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /AT\+COPS=\?: still waiting \(\d+ s of up to 180 s\)/);
    const line = JSON.parse(r.stdout.trim());
    assert.equal(line.parsed.value.networks[0].numeric, '22288');
  });
});

test('at --help lists every option with an example and exits 0', async () => {
  const r = await runCli(['at', '--help']);
  assert.equal(r.code, 0);
  for (const word of ['--port', '--timeout', '--json', '--help', 'e.g. modem-doctor at --port']) assert.ok(r.stdout.includes(word), `${word} in ${r.stdout}`);
});
