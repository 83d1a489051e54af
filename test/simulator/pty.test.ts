// The PTY of a virtual modem port: closing it leaves nothing that holds the process, and a port
// nobody reads never stops the process.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openPty } from '../../main/simulator/pty.ts';

// A timer left pending by close() kept `simulate` (and every test process) alive after the PTY
// was gone; the active-resource list shows such a timer as an extra "Timeout".
test('close() ends the PTY, removes the link and leaves no pending timer behind', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-pty-'));
  try {
    const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timeouts();
    const pty = await openPty(path.join(dir, 'ttyUSB2'));
    assert.ok(fs.existsSync(pty.path));
    let exited = false;
    pty.on('exit', () => { exited = true; });
    await pty.close();
    assert.equal(exited, true);
    assert.equal(fs.existsSync(pty.path), false);
    assert.equal(timeouts(), before);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// A client that holds a port without reading (or one that has gone) must not stop the simulator:
// writing to a full PTY used to block its whole event loop, every modem and signal with it.
test('a port nobody reads: writes beyond what the PTY holds wait or are dropped, and the process goes on', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-pty-full-'));
  try {
    const moduleUrl = new URL('../../main/simulator/pty.ts', import.meta.url).href;
    const script = path.join(dir, 'full.mjs');
    fs.writeFileSync(script, `import { openPty } from ${JSON.stringify(moduleUrl)};
      const pty = await openPty(${JSON.stringify(path.join(dir, 'ttyUSB1'))});
      let written = 0;
      for (let i = 0; i < 100; i++) pty.write(Buffer.alloc(4096, 0x41), () => { written += 1; });
      await new Promise((r) => setTimeout(r, 200));
      process.stdout.write('alive ' + written + '\\n');
      await pty.close();`);
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
    const ended = await new Promise<number | null | 'still running'>((resolve) => {
      const t = setTimeout(() => resolve('still running'), 15_000);
      child.once('exit', (code) => { clearTimeout(t); resolve(code); });
    });
    if (ended === 'still running') { child.kill('SIGKILL'); await new Promise((r) => child.once('exit', r)); }
    assert.equal(ended, 0, out);
    assert.match(out, /^alive \d+\n$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
