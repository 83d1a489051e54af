// `decode qmi -` respects back-pressure: with a reader that does not keep up, it stops reading
// its input instead of piling decoded lines up in memory (1M lines once grew it to 1.6 GB).
// Measured by how much of its input it read while nobody read its output (/proc/<pid>/io rchar)
// and by its resident memory.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from '../support/run-cli.ts';

const GET_IDS = '012d00800201020100250021000204000000000010010030110f0038363736393830343132333435363712010030';
const LINES = 1_000_000;

function proc(pid: number): { readBytes: number; rssMb: number } {
  const io = /rchar:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  const st = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { readBytes: io ? Number(io[1]) : 0, rssMb: st ? Number(st[1]) / 1024 : 0 };
}

test('1M lines into decode qmi - with nobody reading its output: it stops reading input, memory stays small', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'decode-qmi-bp-'));
  const file = path.join(dir, 'lines.txt');
  writeFileSync(file, `${GET_IDS}\n`.repeat(LINES));
  const size = (GET_IDS.length + 1) * LINES;
  const fd = openSync(file, 'r');
  const child = spawn(process.execPath, [BIN, 'decode', 'qmi', '-'], { stdio: [fd, 'pipe', 'ignore'] });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  child.stdout?.pause(); // never read: the pipe fills and stays full
  try {
    // Wait until its reading stops moving (every wait has a limit: 60 s).
    let last = -1;
    let still = 0;
    let p = { readBytes: 0, rssMb: 0 };
    for (let i = 0; i < 240 && still < 4; i++) {
      await new Promise((r) => setTimeout(r, 250));
      p = proc(child.pid!);
      still = p.readBytes === last ? still + 1 : 0;
      last = p.readBytes;
    }
    assert.equal(still, 4, `its reading should stall while its output is not read (read ${p.readBytes} bytes)`);
    assert.ok(p.readBytes < size / 10, `read ${p.readBytes} of ${size} input bytes with nobody reading its output`);
    assert.ok(p.rssMb < 200, `resident memory ${p.rssMb.toFixed(0)} MB`);
  } finally {
    child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => process.kill(child.pid!, 0), 'the child is gone');
});
