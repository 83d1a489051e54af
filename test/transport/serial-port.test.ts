import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { openPty, type PtyPort } from '../../main/simulator/pty.ts';
import { SerialTransport, serialErrorFrom } from '../../main/transport/serial-port.ts';
import { TransportError } from '../../main/transport/byte-transport.ts';
import { hangUpTty } from '../support/hang-up-tty.ts';
import { skipUnlessRoot } from '../support/needs-root.ts';

// One scratch folder for the file, removed at the end; each test takes its own subfolder.
const root = fs.mkdtempSync(os.tmpdir() + '/md-serial-');
after(() => fs.rmSync(root, { recursive: true, force: true }));

function tmp(): string {
  return fs.mkdtempSync(root + '/t-');
}

function nextData(pty: PtyPort, until: (s: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let acc = '';
    const t = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(acc)}`)), 5000);
    pty.on('data', (d) => {
      acc += d.toString('latin1');
      if (until(acc)) { clearTimeout(t); resolve(acc); }
    });
  });
}

test('bytes written reach the other end of a real PTY and replies come back as data', async () => {
  const pty = await openPty(tmp() + '/ttyUSB2');
  try {
    const port = await SerialTransport.open(pty.path);
    const got = nextData(pty, (s) => s.includes('\r'));
    await port.write(Buffer.from('AT\r'));
    assert.equal(await got, 'AT\r');
    const reply = new Promise<string>((resolve) => {
      let acc = '';
      port.onData((c) => { acc += c.toString(); if (acc.endsWith('OK\r\n')) resolve(acc); });
    });
    pty.write('\r\nOK\r\n');
    assert.equal(await reply, '\r\nOK\r\n');
    // A PTY has no modem control lines: the transport says so instead of failing.
    assert.equal(port.modemLinesAsserted, false);
    await port.close();
    assert.equal(port.isClosed, true);
  } finally {
    await pty.close();
  }
});

test('a missing port is a typed not-found error that says the modem may be unplugged', async () => {
  const err = await SerialTransport.open(tmp() + '/ttyUSB9').then(() => null, (e: unknown) => e);
  assert.ok(err instanceof TransportError);
  assert.equal(err.code, 'not-found');
  assert.match(err.message, /does not exist \(unplugged\?/);
});

test('a second open of a port we hold is refused as busy (flock), not silently shared', async () => {
  const pty = await openPty(tmp() + '/ttyUSB3');
  try {
    const first = await SerialTransport.open(pty.path);
    const err = await SerialTransport.open(pty.path).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof TransportError);
    assert.equal(err.code, 'busy');
    assert.match(err.message, /locked by another program/);
    await first.close();
    // Once released, it opens again.
    const again = await SerialTransport.open(pty.path);
    await again.close();
  } finally {
    await pty.close();
  }
});

test('the modem vanishing (PTY hangup, EIO on read) closes the transport with "stopped responding"', async () => {
  const pty = await openPty(tmp() + '/ttyUSB2');
  const port = await SerialTransport.open(pty.path);
  const closed = new Promise<TransportError | undefined>((resolve) => port.onClose(resolve));
  pty.hangup();
  const reason = await closed;
  assert.ok(reason instanceof TransportError);
  assert.equal(reason.code, 'io-error');
  assert.match(reason.message, /stopped responding \(EIO\): the modem was unplugged or is resetting/);
  const writeErr = await port.write(Buffer.from('AT\r')).then(() => null, (e: unknown) => e);
  assert.ok(writeErr instanceof TransportError);
  await port.close(); // settles even though the port is already gone
});

// The end-of-file reads that follow such a hang-up are hangup-aware-binding.test.ts's: here the
// stream also hears of it from its poller, which reports the hung-up descriptor as an error.
test('the tty hung up under an open port while the modem talks (a USB unplug mid-stream): the transport closes with "stopped responding" within a second',
  { skip: skipUnlessRoot('TIOCVHANGUP needs CAP_SYS_ADMIN') }, async () => {
    const pty = await openPty(tmp() + '/ttyUSB2');
    let talking: NodeJS.Timeout | undefined;
    let timer: NodeJS.Timeout | undefined;
    let port: SerialTransport | undefined;
    try {
      port = await SerialTransport.open(pty.path);
      const closed = new Promise<TransportError | undefined>((resolve) => port!.onClose(resolve));
      // The modem sends without a pause (a stream of URCs or NMEA): the reader goes from one read
      // straight to the next.
      let received = 0;
      port.onData((b) => { received += b.length; });
      talking = setInterval(() => pty.write(Buffer.alloc(4096, 0x41)), 1);
      while (received < 64 * 1024) await new Promise((r) => setTimeout(r, 5));
      await hangUpTty(pty.path);
      const reason = await Promise.race([closed, new Promise<'still open'>((r) => { timer = setTimeout(() => r('still open'), 1000); })]);
      assert.ok(reason instanceof TransportError, `closed with a TransportError, got ${String(reason)}`);
      assert.equal(reason.code, 'io-error');
      assert.match(reason.message, /stopped responding \(EIO\): the modem was unplugged or is resetting/);
    } finally {
      clearInterval(talking);
      clearTimeout(timer);
      await port?.close(); // settles even though the port is already gone
      await pty.close();
    }
  });

test('close settles and onClose fires once, also for listeners added after close', async () => {
  const pty = await openPty(tmp() + '/ttyUSB2');
  try {
    const port = await SerialTransport.open(pty.path);
    let calls = 0;
    port.onClose(() => { calls++; });
    await port.close();
    await port.close();
    const late = await new Promise<TransportError | undefined>((resolve) => port.onClose(resolve));
    assert.equal(late, undefined);
    assert.equal(calls, 1);
  } finally {
    await pty.close();
  }
});

// The native bindings report strerror() text without errno codes; these are their exact formats
// (bindings-cpp src/serialport_unix.cpp: "Error: %s, cannot open %s", "Error %s Cannot lock port").
test('binding error texts map to actionable messages', () => {
  const p = '/dev/ttyUSB2';
  const cases: [string, string, RegExp][] = [
    ['Error: Permission denied, cannot open /dev/ttyUSB2', 'permission-denied', /add yourself to the group that owns it, usually dialout/],
    ['Error: No such file or directory, cannot open /dev/ttyUSB2', 'not-found', /unplugged/],
    ['Error Resource temporarily unavailable Cannot lock port', 'busy', /locked/],
    ['Error: Device or resource busy, cannot open /dev/ttyUSB2', 'busy', /ModemManager/],
    ['EIO: i/o error, read', 'io-error', /unplugged or is resetting/],
    ['Error: Invalid argument, cannot set', 'failed', /could not open \/dev\/ttyUSB2: Error: Invalid argument/],
  ];
  for (const [text, code, msg] of cases) {
    const e = serialErrorFrom(new Error(text), p, 'open');
    assert.equal(e.code, code, text);
    assert.match(e.message, msg, text);
    assert.equal(e.path, p);
  }
});
