// The PTY of a virtual modem port (socat): closing it leaves nothing that holds the process.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openPty } from '../../main/simulator/pty.ts';

// A timer left pending by close() kept `simulate` (and every test process) alive after socat
// was gone; the active-resource list shows such a timer as an extra "Timeout".
test('close() stops socat, removes the link and leaves no pending timer behind', async () => {
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
