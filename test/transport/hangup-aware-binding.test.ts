// The serialport binding with hang-up-aware reads, on a real PTY whose slave the kernel hangs up
// (TIOCVHANGUP: what a USB serial port's unplug does, tty_vhangup). A read that begins after the
// hang-up reads end of file; bindings-cpp's own read would read again for ever.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { after, test } from 'node:test';
import { openPty } from '../../main/simulator/pty.ts';
import { hangupAwareBinding } from '../../main/transport/hangup-aware-binding.ts';
import { hangUpTty } from '../support/hang-up-tty.ts';
import { skipUnlessRoot } from '../support/needs-root.ts';

const root = fs.mkdtempSync(os.tmpdir() + '/md-hangup-');
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** The read's outcome, or 'still reading' after `ms`. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | 'still reading'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<'still reading'>((r) => { timer = setTimeout(() => r('still reading'), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

test('a read that begins after the tty was hung up fails at once as EIO, instead of reading end of file again and again',
  { skip: skipUnlessRoot('TIOCVHANGUP needs CAP_SYS_ADMIN') }, async () => {
    const pty = await openPty(fs.mkdtempSync(root + '/t-') + '/ttyUSB2');
    try {
      const port = await hangupAwareBinding.open({ path: pty.path, baudRate: 115200 });
      try {
        await hangUpTty(pty.path);
        const outcome = await within(port.read(Buffer.alloc(64), 0, 64).then(() => 'data', (e: unknown) => e), 1000);
        assert.ok(outcome instanceof Error, `the read failed, got ${String(outcome)}`);
        assert.equal((outcome as NodeJS.ErrnoException).code, 'EIO');
        assert.match(outcome.message, /hung up/);
      } finally {
        await port.close();
      }
    } finally {
      await pty.close();
    }
  });

test('a read waiting for data gets it, and a read on a closed port is cancelled (the stream ignores that one)', async () => {
  const pty = await openPty(fs.mkdtempSync(root + '/t-') + '/ttyUSB2');
  try {
    const port = await hangupAwareBinding.open({ path: pty.path, baudRate: 115200 });
    const reading = port.read(Buffer.alloc(64), 0, 64);
    pty.write(Buffer.from('OK\r\n'));
    const { buffer, bytesRead } = await reading;
    assert.equal(buffer.subarray(0, bytesRead).toString(), 'OK\r\n');
    const waiting = port.read(Buffer.alloc(64), 0, 64).then(() => 'data', (e: unknown) => e);
    await port.close();
    const cancelled = await within(waiting, 1000);
    assert.ok(cancelled instanceof Error && (cancelled as Error & { canceled?: boolean }).canceled === true, `cancelled, got ${String(cancelled)}`);
  } finally {
    await pty.close();
  }
});
