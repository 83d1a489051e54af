// Who holds a device node, from /proc/<pid>/fd: a real process holding a file through a chain
// of symlinks, our own process left out unless asked, and a PTY's master side (the virtual
// modem's) counted as a user of the port only for a client it holds besides.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { deviceHolders, followLinks, setInlinePassLimit } from '../../main/system/device-holders.ts';
import { openPty } from '../../main/simulator/pty.ts';
import { scanThreadState } from '../../main/system/fd-scan-worker.ts';

let dir: string;
before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-holders-')); });
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('followLinks follows a chain of relative and absolute links without realpath', () => {
  const target = path.join(dir, 'node');
  fs.writeFileSync(target, '');
  fs.mkdirSync(path.join(dir, 'by-id'));
  fs.symlinkSync('../node', path.join(dir, 'by-id', 'usb-modem'));
  fs.symlinkSync(path.join(dir, 'by-id', 'usb-modem'), path.join(dir, 'cdc-wdm0'));
  assert.equal(followLinks(path.join(dir, 'cdc-wdm0')), target);
  assert.equal(followLinks(target), target);
  assert.equal(followLinks(path.join(dir, 'missing')), path.join(dir, 'missing'));
});

test('a Node program holding the node is named by its executable and script, not "MainThread"', async () => {
  // Recent Node (24 here) names its main thread, and so the process's comm, "MainThread".
  const target = path.join(dir, 'held-by-node');
  fs.writeFileSync(target, '');
  const script = path.join(dir, 'holder.mjs');
  fs.writeFileSync(script, 'process.stdout.write("ready\\n");\nsetTimeout(() => {}, 30000);\n');
  const fd = fs.openSync(target, 'r');
  const holder = spawn(process.execPath, [script], { stdio: [fd, 'pipe', 'ignore'] });
  try {
    // Node renames its main thread while it starts: once the script runs, the name has settled.
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the Node child did not start within 10 s')), 10_000);
      holder.stdout!.once('data', () => { clearTimeout(t); resolve(); });
    });
    const comm = (): string => fs.readFileSync(`/proc/${holder.pid}/comm`, 'utf8').trim();
    const holders = await deviceHolders(target);
    assert.deepEqual(holders.map((h) => h.pid), [holder.pid]);
    const name = holders[0]!.command;
    if (comm() === 'MainThread') assert.equal(name, `${path.basename(process.execPath)} holder.mjs`);
    else assert.equal(name, comm(), 'an older Node keeps its comm');
  } finally {
    fs.closeSync(fd);
    holder.kill();
    await new Promise((r) => holder.once('exit', r));
  }
});

test('a process holding the node through a link is named with its pid; our own process only when asked', async () => {
  const target = path.join(dir, 'held');
  fs.writeFileSync(target, '');
  fs.symlinkSync(target, path.join(dir, 'held-link'));
  const fd = fs.openSync(target, 'r');
  const sleeper = spawn('sleep', ['30'], { stdio: [fd, 'ignore', 'ignore'] });
  try {
    const holders = await deviceHolders(path.join(dir, 'held-link'));
    assert.deepEqual(holders.map((h) => [h.command, h.pid]), [['sleep', sleeper.pid]], 'our own fd is left out');
    const withSelf = await deviceHolders(target, { includeSelf: true });
    assert.ok(withSelf.some((h) => h.pid === process.pid));
  } finally {
    fs.closeSync(fd);
    sleeper.kill();
    await new Promise((r) => sleeper.once('exit', r));
  }
  assert.deepEqual(await deviceHolders(target), [], 'nobody holds it once the process is gone');
});

test('the PTY master side is the modem, not another user of the port; a client in its process is', async () => {
  // This process holds the master and the one slave descriptor a master keeps (pty.ts).
  const pty = await openPty(path.join(dir, 'pty'));
  try {
    assert.deepEqual(await deviceHolders(pty.path), []);
    assert.deepEqual(await deviceHolders(pty.path, { includeSelf: true }), [], 'the master side alone is nobody');
    const fd = fs.openSync(pty.path, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
    try {
      assert.deepEqual((await deviceHolders(pty.path, { includeSelf: true })).map((h) => h.pid), [process.pid], 'a client beside the master side is somebody');
    } finally {
      fs.closeSync(fd);
    }
    const other = fs.openSync(pty.path, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
    const sleeper = spawn('sleep', ['30'], { stdio: [other, 'ignore', 'ignore'] });
    fs.closeSync(other);
    try {
      assert.deepEqual((await deviceHolders(pty.path)).map((h) => h.pid), [sleeper.pid]);
    } finally {
      sleeper.kill();
      await new Promise((r) => sleeper.once('exit', r));
    }
  } finally {
    await pty.close();
  }
});

test('passes in the scanning thread name what a pass in ours names: a holder, and no one once it has let go', async (t) => {
  setInlinePassLimit(0); // every pass to the thread, as on a machine whose passes are long
  t.after(() => setInlinePassLimit(undefined));
  const target = path.join(dir, 'thread');
  fs.writeFileSync(target, '');
  const fd = fs.openSync(target, 'r');
  const sleeper = spawn('sleep', ['30'], { stdio: [fd, 'ignore', 'ignore'] });
  fs.closeSync(fd);
  try {
    // Earlier tests in this file started the thread; the first pass here may still run in ours.
    const deadline = Date.now() + 10_000;
    const seen: string[] = [];
    while (scanThreadState() !== 'running') {
      assert.notEqual(scanThreadState(), 'unavailable', 'the scanning thread could not start');
      assert.ok(Date.now() < deadline, `the scanning thread did not start within 10 s (${scanThreadState()})`);
      seen.push(JSON.stringify(await deviceHolders(target)));
      await new Promise((r) => setTimeout(r, 20));
    }
    const inThread = await deviceHolders(target);
    assert.deepEqual(inThread.map((h) => [h.command, h.pid]), [['sleep', sleeper.pid]]);
    for (const s of seen) assert.equal(s, JSON.stringify(inThread), 'a pass in our thread named the same');
  } finally {
    sleeper.kill();
    await new Promise((r) => sleeper.once('exit', r));
  }
  assert.equal(scanThreadState(), 'running');
  assert.deepEqual(await deviceHolders(target), [], 'gone from the next pass once it let go');
});

test('a process that started the scanning thread ends by itself when its work is done, whether or not the thread got a request', async () => {
  const moduleUrl = new URL('../../main/system/device-holders.ts', import.meta.url).href;
  // One pass (in our thread: the scanning thread is only starting), then other work while the
  // thread comes up and gets nothing to do (a short command); or passes in the thread as well.
  for (const [what, more] of [['one pass, then idle', false], ['passes in the thread too', true]] as const) {
    const script = `import { deviceHolders, setInlinePassLimit } from ${JSON.stringify(moduleUrl)};
      setInlinePassLimit(0);
      await deviceHolders('/dev/null');
      const until = Date.now() + 500;
      while (Date.now() < until) { await new Promise((r) => setTimeout(r, 20)); if (${more}) await deviceHolders('/dev/null'); }`;
    // A file, not -e: a script given with -e ended even with the thread's port left holding it.
    const file = path.join(dir, `ends-${more ? 'busy' : 'idle'}.mjs`);
    fs.writeFileSync(file, script);
    const child = spawn(process.execPath, [file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    const ended = await new Promise<number | null | 'still running'>((resolve) => {
      const t = setTimeout(() => resolve('still running'), 15_000);
      child.once('exit', (code) => { clearTimeout(t); resolve(code); });
    });
    if (ended === 'still running') { child.kill('SIGKILL'); await new Promise((r) => child.once('exit', r)); }
    assert.equal(ended, 0, `${what}: ${stderr}`);
  }
});

test('our own process, when asked for: a reading as old as `since` allows is reused, a newer question reads again', async () => {
  const target = path.join(dir, 'own');
  fs.writeFileSync(target, '');
  const first = performance.now();
  assert.deepEqual(await deviceHolders(target, { includeSelf: true }), [], 'not open yet');
  const fd = fs.openSync(target, 'r');
  try {
    // Allowed to be as old as the first question: the reading from then, before the open, will do.
    assert.deepEqual(await deviceHolders(target, { includeSelf: true, since: first }), []);
    // Asked now (the default): read again, and the open descriptor is there.
    assert.deepEqual((await deviceHolders(target, { includeSelf: true })).map((h) => h.pid), [process.pid]);
  } finally {
    fs.closeSync(fd);
  }
  assert.deepEqual(await deviceHolders(target, { includeSelf: true }), [], 'closed: gone from a fresh reading');
});
