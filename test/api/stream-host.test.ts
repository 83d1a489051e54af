// The engine host the Electron shell starts: a real `modem-doctor engine-host` process on pipes.
// Its first line is the state; malformed lines get typed refusals; a log import comes back with
// its findings; closing stdin ends it cleanly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { WireMessage } from '../../main/api/contract.ts';
import { BIN } from '../support/run-cli.ts';

test('engine-host: state first, refusals for malformed lines, a log import answered, exit 0 when stdin closes', async () => {
  const child = spawn(process.execPath, [BIN, 'engine-host'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const msgs: WireMessage[] = [];
  let buf = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.on('data', (d) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      msgs.push(JSON.parse(buf.slice(0, i)) as WireMessage);
      buf = buf.slice(i + 1);
    }
    for (const w of waiters.splice(0)) w();
  });
  const next = async (pred: (m: WireMessage) => boolean): Promise<WireMessage> => {
    for (;;) {
      const i = msgs.findIndex(pred);
      if (i >= 0) return msgs.splice(i, 1)[0]!;
      await new Promise<void>((r, j) => {
        const t = setTimeout(() => j(new Error(`no such message within 90 s; have ${JSON.stringify(msgs.map((m) => m.kind === "reply" ? m : m.kind))}; stderr: ${stderr}`)), 90000);
        waiters.push(() => { clearTimeout(t); r(); });
      });
    }
  };
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  try {
    const first = await next((m) => m.kind === 'state');
    assert.ok(first.kind === 'state' && Array.isArray(first.state.modems) && first.state.virtualModem === 'available');
    child.stdin.write('{"id":1,"intent":{"type":"import-log","text":"udhcpc: sending discover\\nudhcpc: sending discover\\nudhcpc: sending discover\\n"}}\n');
    child.stdin.write('garbage\n');
    child.stdin.write('{"id":2,"intent":{"type":"diagnose","now":true}}\n');
    child.stdin.write('{"id":3,"intent":{"type":"shutdown"}}\n');
    const r1 = await next((m) => m.kind === 'reply' && m.id === 1);
    assert.ok(r1.kind === 'reply' && r1.reply.ok, JSON.stringify(r1));
    const g = await next((m) => m.kind === 'reply' && m.id === null);
    assert.ok(g.kind === 'reply' && !g.reply.ok && g.reply.error.code === 'invalid-input');
    const r2 = await next((m) => m.kind === 'reply' && m.id === 2);
    assert.ok(r2.kind === 'reply' && !r2.reply.ok && r2.reply.error.field === 'now');
    const r3 = await next((m) => m.kind === 'reply' && m.id === 3);
    assert.ok(r3.kind === 'reply' && !r3.reply.ok && r3.reply.error.code === 'unknown-intent');
    const imported = await next((m) => m.kind === 'state' && m.state.imported !== null);
    assert.ok(imported.kind === 'state' && imported.state.imported!.lineCount >= 3);
  } finally {
    child.stdin.end();
  }
  assert.equal(await exited, 0, stderr);
});
