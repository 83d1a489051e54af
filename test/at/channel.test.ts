// The AT channel over a real pseudo-terminal, against a scripted modem on the other side.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { openPty, type PtyPort } from '../../main/simulator/pty.ts';
import { AtChannel, AtChannelError, AtRestartError, AtTimeoutError, type RestartInfo, type Urc } from '../../main/at/channel.ts';
import { AtResponder, healthyModem, type ResponderOptions, type Script } from '../support/at-responder.ts';
import { waitFor } from '../support/wait.ts';

interface Rig {
  pty: PtyPort;
  modem: AtResponder;
  channel: AtChannel;
  urcs: Urc[];
  unsolicited: string[];
  restarts: RestartInfo[];
  done: () => Promise<void>;
}

async function rig(script: Script = healthyModem, options: ResponderOptions = {}): Promise<Rig> {
  const dir = fs.mkdtempSync(os.tmpdir() + '/md-');
  const pty = await openPty(dir + '/ttyUSB2');
  const modem = new AtResponder(pty, script, options);
  const channel = await AtChannel.open(pty.path);
  const urcs: Urc[] = [];
  const unsolicited: string[] = [];
  const restarts: RestartInfo[] = [];
  channel.on('urc', (u) => urcs.push(u));
  channel.on('unsolicited', (l) => unsolicited.push(l));
  channel.on('restart', (r) => restarts.push(r));
  return {
    pty, modem, channel, urcs, unsolicited, restarts,
    done: async () => {
      await channel.close();
      await pty.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('three commands sent at once come back in order, one in flight at a time', async () => {
  const r = await rig(healthyModem, { replyDelayMs: 40 });
  try {
    const [csq, cpin, cgmi] = await Promise.all([
      r.channel.send('AT+CSQ'), r.channel.send('AT+CPIN?'), r.channel.send('AT+CGMI'),
    ]);
    assert.deepEqual(r.modem.received, ['AT+CSQ', 'AT+CPIN?', 'AT+CGMI']);
    assert.deepEqual(r.modem.overlaps, [], 'the modem got a command before answering the previous one');
    assert.deepEqual(csq.lines, ['+CSQ: 20,99']);
    assert.deepEqual(cpin.lines, ['+CPIN: READY']);
    assert.deepEqual(cgmi.lines, ['Quectel']);
    for (const reply of [csq, cpin, cgmi]) {
      assert.equal(reply.final.kind, 'ok');
      assert.equal(reply.ok, true);
      assert.ok(!Number.isNaN(Date.parse(reply.startedAt)));
      assert.ok(reply.durationMs >= 0);
    }
    assert.equal(csq.raw, '\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
    assert.equal(csq.command, 'AT+CSQ');
    // The parsed outcome rides along: rssi 20 → −113 + 2·20 = −73 dBm (27.007).
    assert.ok(csq.parsed?.ok);
    assert.deepEqual((csq.parsed.value as { rssi: number; rssiDbm: number }).rssiDbm, -73);
    assert.equal(cgmi.parsed?.ok, true);
  } finally {
    await r.done();
  }
});

test('an error final result resolves with the reason, not a rejection', async () => {
  const r = await rig((c) => (c === 'AT+CIMI' ? '\r\n+CME ERROR: 10\r\n' : healthyModem(c)));
  try {
    const reply = await r.channel.send('AT+CIMI');
    assert.equal(reply.ok, false);
    assert.deepEqual(reply.final, { kind: 'cme-error', code: 10 });
    assert.match(reply.finalDescription, /SIM not inserted/i);
    assert.equal(reply.finalLine, '+CME ERROR: 10');
  } finally {
    await r.done();
  }
});

test('a port that never answers times out with a typed error naming the likely cause, then works once it answers', async () => {
  let alive = false;
  const r = await rig((c) => (alive ? healthyModem(c) : null));
  try {
    const err = await r.channel.send('AT+CSQ', { timeoutMs: 300 }).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof AtTimeoutError, String(err));
    assert.equal(err.code, 'timeout');
    assert.equal(err.likelyCause, 'silent');
    assert.equal(err.timeoutMs, 300);
    assert.equal(err.receivedBytes, 0);
    assert.match(err.message, /owned by another process \(ModemManager\?\) or is not an AT port \(NMEA\/DIAG\)/);
    alive = true;
    const reply = await r.channel.send('AT+CSQ', { timeoutMs: 2000 });
    assert.deepEqual(reply.lines, ['+CSQ: 20,99']);
  } finally {
    await r.done();
  }
});

test('a partial reply without a final result times out as "busy or resetting"', async () => {
  const r = await rig((c) => (c === 'AT+QENG="servingcell"' ? '\r\n+QENG: "servingcell","SEARCH"\r\n' : healthyModem(c)));
  try {
    const err = await r.channel.send('AT+QENG="servingcell"', { timeoutMs: 300 }).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof AtTimeoutError);
    assert.equal(err.likelyCause, 'partial');
    assert.match(err.message, /busy or resetting/);
    assert.match(err.received, /SEARCH/);
    // The leftover does not leak into the next reply.
    const next = await r.channel.send('AT+CPIN?');
    assert.deepEqual(next.lines, ['+CPIN: READY']);
  } finally {
    await r.done();
  }
});

test('the default timeout follows the command family (a plain query gives up after 3 s)', async () => {
  const r = await rig(() => null);
  try {
    const err = await r.channel.send('AT+CSQ').then(() => null, (e: unknown) => e);
    assert.ok(err instanceof AtTimeoutError);
    assert.equal(err.timeoutMs, 3000);
    assert.match(err.message, /plain query/);
  } finally {
    await r.done();
  }
});

test('URCs inside a response and between commands are set aside and emitted', async () => {
  const r = await rig((c) => (c === 'AT+CSQ'
    ? '\r\n+QIND: "csq",20,99\r\n\r\n+CSQ: 20,99\r\n\r\n+CREG: 1,"00C3","0000B7E2",7\r\n\r\nOK\r\n\r\n+CMTI: "ME",1\r\n'
    : healthyModem(c)), { echo: true });
  try {
    const reply = await r.channel.send('AT+CSQ');
    assert.deepEqual(reply.lines, ['+CSQ: 20,99']);
    assert.deepEqual(reply.urcs.map((u) => u.name), ['+QIND', '+CREG']);
    await waitFor(() => r.urcs.length === 3, 3000, 'the URC after OK');
    assert.deepEqual(r.urcs.map((u) => u.name), ['+QIND', '+CREG', '+CMTI']);
    r.modem.push('\r\nRING\r\n');
    await waitFor(() => r.urcs.length === 4, 3000, 'RING between commands');
    assert.equal(r.urcs[3]!.name, 'RING');
    const after = await r.channel.send('AT+CPIN?');
    assert.deepEqual(after.lines, ['+CPIN: READY']);
    assert.deepEqual(after.urcs, []);
  } finally {
    await r.done();
  }
});

test('echo on or off gives the same reply; echo is tolerated after ATE0', async () => {
  const r = await rig(healthyModem, { echo: true });
  try {
    const withEcho = await r.channel.send('AT+CGMM');
    assert.equal(withEcho.echoed, true);
    assert.deepEqual(withEcho.lines, ['EC25']);
    assert.equal(withEcho.raw, 'AT+CGMM\r\r\nEC25\r\n\r\nOK\r\n');
    // We asked for ATE0 but this modem (reset, or stubborn) keeps echoing.
    await r.channel.send('ATE0');
    const stillEcho = await r.channel.send('AT+CGMM');
    assert.equal(stillEcho.echoed, true);
    assert.deepEqual(stillEcho.lines, ['EC25']);
    r.modem.echo = false;
    const noEcho = await r.channel.send('AT+CGMM');
    assert.equal(noEcho.echoed, false);
    assert.deepEqual(noEcho.lines, ['EC25']);
  } finally {
    await r.done();
  }
});

test('a reply split byte by byte, URC included, is assembled into the same lines', async () => {
  const r = await rig((c) => (c === 'AT+CSQ' ? '\r\n+CSQ: 20,99\r\n\r\n+QUSIM: 1\r\n\r\nOK\r\n' : healthyModem(c)),
    { echo: true, byteByByte: true });
  try {
    const reply = await r.channel.send('AT+CSQ');
    assert.deepEqual(reply.lines, ['+CSQ: 20,99']);
    assert.deepEqual(reply.urcs.map((u) => u.line), ['+QUSIM: 1']);
    assert.equal(reply.echoed, true);
    // The final result is taken at its \r: the \n after it may arrive after the reply resolved.
    assert.match(reply.raw, /^AT\+CSQ\r\r\n\+CSQ: 20,99\r\n\r\n\+QUSIM: 1\r\n\r\nOK\r\n?$/);
  } finally {
    await r.done();
  }
});

test('RDY while a command is in flight fails it with a restart error and emits restart', async () => {
  const r = await rig((c, modem) => {
    if (c === 'AT+CFUN=1,1') {
      setTimeout(() => modem.push('\r\nRDY\r\n'), 50);
      return null;
    }
    return healthyModem(c);
  });
  try {
    const queued = r.channel.send('AT+CSQ');
    const err = await r.channel.send('AT+CFUN=1,1', { timeoutMs: 5000 }).then(() => null, (e: unknown) => e);
    await queued;
    assert.ok(err instanceof AtRestartError, String(err));
    assert.equal(err.code, 'restart');
    assert.match(err.message, /the modem restarted \("RDY"\) while AT\+CFUN=1,1 was in flight/);
    assert.equal(r.restarts.length, 1);
    assert.equal(r.restarts[0]!.commandInFlight, 'AT+CFUN=1,1');
    // The channel goes on.
    const after = await r.channel.send('AT+CSQ');
    assert.equal(after.ok, true);
  } finally {
    await r.done();
  }
});

test('a command answered just after the RDY that cut it short: its reply is set aside, not taken as the next command\'s', async () => {
  // A module still booting reads a command, says RDY, then answers it.
  const r = await rig((c, modem) => {
    if (c === 'AT+CGMI') {
      modem.push('\r\nRDY\r\n');
      setTimeout(() => modem.push('\r\nQuectel\r\n\r\nOK\r\n'), 60);
      return null;
    }
    return healthyModem(c);
  });
  try {
    const err = await r.channel.send('AT+CGMI', { timeoutMs: 5000 }).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof AtRestartError, String(err));
    const csq = await r.channel.send('AT+CSQ');
    assert.deepEqual(csq.lines, ['+CSQ: 20,99']);
    const cpin = await r.channel.send('AT+CPIN?');
    assert.deepEqual(cpin.lines, ['+CPIN: READY']);
    assert.ok(r.channel.transcript().some((e) => /resynchronising after AT\+CGMI was cut short by the restart/.test(e.raw)));
  } finally {
    await r.done();
  }
});

test('a lone +CPIN: READY / +CFUN: 1 (SIM hot-insert, unlock over QMI) is a URC: the command in flight is answered', async () => {
  const r = await rig((c, modem) => {
    if (c === 'AT+CSQ') {
      // The SIM event lands while AT+CSQ is in flight, after a quiet port.
      modem.push('\r\n+CPIN: READY\r\n');
      modem.push('\r\n+CFUN: 1\r\n');
      return new Promise((res) => setTimeout(() => res('\r\n+CSQ: 20,99\r\n\r\nOK\r\n'), 30));
    }
    return healthyModem(c);
  });
  try {
    // More than two seconds of silence first: the old rule took a burst after that as a restart.
    await sleep(2100);
    const [csq, imsi] = await Promise.all([r.channel.send('AT+CSQ'), r.channel.send('AT+CIMI')]);
    assert.deepEqual(csq.lines, ['+CSQ: 20,99']);
    assert.deepEqual(csq.urcs.map((u) => u.line), ['+CPIN: READY', '+CFUN: 1']);
    assert.deepEqual(imsi.lines, ['228012345678901'], 'the next command got its own answer');
    assert.deepEqual(r.restarts, []);
  } finally {
    await r.done();
  }
});

test('RDY with its boot burst between commands is one restart; the burst lines are URCs', async () => {
  const r = await rig();
  try {
    r.modem.push('\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n');
    await waitFor(() => r.urcs.length === 4, 3000, 'the boot burst');
    assert.equal(r.restarts.length, 1);
    assert.equal(r.restarts[0]!.line, 'RDY');
    assert.equal(r.restarts[0]!.commandInFlight, undefined);
    assert.deepEqual((await r.channel.send('AT+CSQ')).lines, ['+CSQ: 20,99']);
  } finally {
    await r.done();
  }
});

test('cut short by RDY, answered while the port is idle, then sent again: the second send gets its own answer', async () => {
  // A module reads AT+CFUN=4, says RDY, answers it a moment later; the caller, told the command
  // was not answered, sends the very same command once the modem is up.
  let first = true;
  const r = await rig((c, modem) => {
    if (c === 'AT+CFUN=4' && first) {
      first = false;
      modem.push('\r\nRDY\r\n');
      setTimeout(() => modem.push('\r\nOK\r\n'), 60);
      return null;
    }
    if (c === 'AT+CFUN=4') return '\r\nOK\r\n';
    return healthyModem(c);
  });
  try {
    const err = await r.channel.send('AT+CFUN=4', { timeoutMs: 5000 }).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof AtRestartError, String(err));
    await sleep(300); // the late OK arrives while nothing is in flight
    const again = await r.channel.send('AT+CFUN=4', { timeoutMs: 5000 });
    assert.equal(again.ok, true);
    assert.equal(again.late, undefined, 'nothing of the first send is taken for the second');
    // The late reply was whole: no resynchronising AT was needed.
    assert.deepEqual(r.modem.received, ['AT+CFUN=4', 'AT+CFUN=4']);
    assert.ok(r.channel.transcript().some((e) => e.direction === 'note' && /reply to AT\+CFUN=4 .* came late, while the port was idle/.test(e.raw)));
  } finally {
    await r.done();
  }
});

test('cut short by RDY, sent again at once: the late answer and the resynchronising AT\'s both come, and the retry gets its own', async () => {
  // The retry is what a caller does with a restart error (connect-target's liveness AT). The
  // resynchronisation sees two final results, the late one's and its own: nothing is late any
  // more. Counting only the first left the retry watching for a late reply, and as the retry is
  // the same command, its own echo and OK were set aside as that reply: a timeout on a healthy port.
  let first = true;
  const r = await rig((c, modem) => {
    if (c === 'AT+CFUN=4' && first) {
      first = false;
      modem.push('\r\nRDY\r\n');
      return new Promise((res) => setTimeout(() => res('\r\nOK\r\n'), 40));
    }
    if (c === 'AT+CFUN=4') return '\r\nOK\r\n';
    return healthyModem(c);
  }, { echo: true });
  try {
    const err = await r.channel.send('AT+CFUN=4', { timeoutMs: 5000 }).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof AtRestartError, String(err));
    const again = await r.channel.send('AT+CFUN=4', { timeoutMs: 1000 });
    assert.equal(again.ok, true);
    assert.equal(again.late, undefined, 'nothing of the first send is taken for the second');
    assert.deepEqual(r.modem.received, ['AT+CFUN=4', 'AT', 'AT+CFUN=4']);
    const notes = r.channel.transcript().filter((e) => e.direction === 'note').map((e) => e.raw);
    assert.ok(notes.some((n) => /resynchronised .*discarded \d line\(s\).*"OK".*"OK"/.test(n)), notes.join('\n'));
  } finally {
    await r.done();
  }
});

test('a reply that arrives after its command timed out is thrown away, not handed to the next command', async () => {
  let slowCsq = true;
  const r = await rig((c) => {
    if (c === 'AT+CSQ' && slowCsq) {
      slowCsq = false;
      // Answers, but only after the caller gave up (the modem was busy).
      return new Promise((res) => setTimeout(() => res('\r\n+CSQ: 20,99\r\n\r\nOK\r\n'), 400));
    }
    return healthyModem(c);
  });
  try {
    const late = r.channel.send('AT+CSQ', { timeoutMs: 150 }).then(() => null, (e: unknown) => e);
    const imsi = r.channel.send('AT+CIMI');
    const model = r.channel.send('AT+CGMM');
    assert.ok((await late) instanceof AtTimeoutError);
    assert.deepEqual((await imsi).lines, ['228012345678901']);
    assert.deepEqual((await imsi).parsed, { ok: true, value: { imsi: '228012345678901', mcc: '228' } });
    assert.deepEqual((await model).lines, ['EC25']);
    // The channel resynchronised with a bare AT before the next command.
    assert.deepEqual(r.modem.received, ['AT+CSQ', 'AT', 'AT+CIMI', 'AT+CGMM']);
    // Only the resynchronising AT went out while the late reply was pending.
    assert.deepEqual(r.modem.overlaps, ['AT']);
    const notes = r.channel.transcript().filter((e) => e.direction === 'note').map((e) => e.raw);
    assert.ok(notes.some((n) => n.includes('after AT+CSQ timed out') && n.includes('+CSQ: 20,99')), notes.join('\n'));
  } finally {
    await r.done();
  }
});

test('a modem that stays silent after a timeout: the resynchronising AT gives up and the next command still goes out', async () => {
  let alive = false;
  const r = await rig((c) => (alive ? healthyModem(c) : null));
  try {
    const err = await r.channel.send('AT+CSQ', { timeoutMs: 100 }).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof AtTimeoutError);
    const next = r.channel.send('AT+CPIN?', { timeoutMs: 5000 });
    await waitFor(() => r.modem.received.length === 3, 3000, 'AT+CPIN? after the AT that got no answer');
    assert.deepEqual(r.modem.received, ['AT+CSQ', 'AT', 'AT+CPIN?']);
    alive = true;
    r.modem.push('\r\n+CPIN: READY\r\n\r\nOK\r\n');
    assert.deepEqual((await next).lines, ['+CPIN: READY']);
  } finally {
    await r.done();
  }
});

test('throwing urc / unsolicited / restart listeners do not drop the rest of the chunk', async () => {
  const r = await rig((c) => (c === 'AT+CSQ' ? '\r\n+QIND: SMS DONE\r\n\r\n+CSQ: 20,99\r\n\r\nOK\r\n' : healthyModem(c)));
  try {
    r.channel.on('urc', () => { throw new Error('urc listener bug'); });
    r.channel.on('unsolicited', () => { throw new Error('unsolicited listener bug'); });
    r.channel.on('restart', () => { throw new Error('restart listener bug'); });
    const reply = await r.channel.send('AT+CSQ', { timeoutMs: 2000 });
    assert.deepEqual(reply.lines, ['+CSQ: 20,99']);
    r.modem.push('\r\nRDY\r\n\r\nOK\r\n');
    await waitFor(() => r.unsolicited.length === 1, 3000, 'the line after the restart');
    assert.equal(r.restarts.length, 1);
    const notes = r.channel.transcript().filter((e) => e.direction === 'note').map((e) => e.raw);
    for (const ev of ['urc', 'restart', 'unsolicited']) {
      assert.ok(notes.some((n) => n.startsWith(`a '${ev}' listener threw`)), `${ev}: ${notes.join('\n')}`);
    }
  } finally {
    await r.done();
  }
});

test('a registration URC just before the answer to AT+CREG? stays a URC; the answer is the <n>,<stat> line', async () => {
  const r = await rig((c) => (c === 'AT+CREG?' ? '\r\n+CREG: 1\r\n\r\n+CREG: 2,5,"00C3","0000B7E2",7\r\n\r\nOK\r\n' : healthyModem(c)));
  try {
    const reply = await r.channel.send('AT+CREG?');
    assert.deepEqual(reply.lines, ['+CREG: 2,5,"00C3","0000B7E2",7']);
    assert.deepEqual(reply.urcs.map((u) => u.line), ['+CREG: 1']);
    assert.deepEqual(r.urcs.map((u) => u.line), ['+CREG: 1']);
    assert.ok(reply.parsed?.ok);
    assert.equal((reply.parsed.value as { stat: number }).stat, 5);
    // A firmware that answers the read with a lone <stat> keeps it as the answer.
    r.modem.script = (c) => (c === 'AT+CREG?' ? '\r\n+CREG: 3\r\n\r\nOK\r\n' : healthyModem(c));
    const lone = await r.channel.send('AT+CREG?');
    assert.deepEqual(lone.lines, ['+CREG: 3']);
    assert.equal((lone.parsed?.ok && (lone.parsed.value as { stat: number }).stat), 3);
  } finally {
    await r.done();
  }
});

test('a timeout above 2^31-1 ms is refused instead of firing at once', async () => {
  const r = await rig();
  try {
    for (const timeoutMs of [2 ** 31, 3_000_000_000, 0, -5, Number.NaN]) {
      const err = await r.channel.send('AT', { timeoutMs }).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof AtChannelError, String(timeoutMs));
      assert.equal(err.code, 'invalid-command');
      assert.match(err.message, /up to 2147483647/);
    }
    assert.deepEqual(r.modem.received, []);
    assert.equal((await r.channel.send('AT', { timeoutMs: 2 ** 31 - 1 })).ok, true);
  } finally {
    await r.done();
  }
});

test('a PIN never reaches the transcript, the reply or an error message', async () => {
  let answer = true;
  const r = await rig((c) => {
    if (!answer) return null;
    return c.startsWith('AT+CPIN=') ? '\r\nOK\r\n' : healthyModem(c);
  }, { echo: true });
  try {
    const reply = await r.channel.send('AT+CPIN="4711"');
    assert.equal(reply.command, 'AT+CPIN="****"');
    assert.doesNotMatch(reply.raw, /4711/);
    assert.match(reply.raw, /AT\+CPIN="\*\*\*\*"/);
    answer = false;
    const err = await r.channel.send('AT+CLCK="SC",1,"4711"', { timeoutMs: 200 }).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof AtTimeoutError);
    assert.doesNotMatch(err.message, /4711/);
    assert.doesNotMatch(err.received, /4711/);
    assert.equal(err.command, 'AT+CLCK="SC",1,"****"');
    const transcript = JSON.stringify(r.channel.transcript());
    assert.doesNotMatch(transcript, /4711/);
    assert.match(transcript, /"direction":"tx","raw":"AT\+CPIN=\\"\*\*\*\*\\""/);
    // The evidence names what it hid: the PIN.
    const pinTx = r.channel.transcript().find((e) => e.direction === 'tx' && e.raw.startsWith('AT+CPIN='));
    assert.deepEqual(pinTx?.redacted, ['pin']);
    assert.equal(pinTx?.protocol, 'at');
    assert.equal(pinTx?.port, r.pty.path);
  } finally {
    await r.done();
  }
});

test('the transcript records every exchange with time and direction', async () => {
  const r = await rig();
  try {
    await r.channel.send('AT+CSQ');
    const t = r.channel.transcript();
    assert.deepEqual(t.map((e) => [e.direction, e.raw]), [['tx', 'AT+CSQ'], ['rx', '+CSQ: 20,99'], ['rx', 'OK']]);
    for (const e of t) assert.ok(!Number.isNaN(Date.parse(e.time)));
  } finally {
    await r.done();
  }
});

test('a "> " prompt with no text to send is cancelled with ESC; with text, the text is sent', async () => {
  let textMode = false;
  const r = await rig((c) => {
    if (c.startsWith('AT+CMGS=')) { textMode = true; return '\r\n> '; }
    if (textMode) return null; // collecting SMS text: a real modem answers nothing until Ctrl-Z/ESC
    return healthyModem(c);
  });
  // ESC leaves text mode; the modem says OK (27.005). The responder sees raw bytes only.
  r.pty.on('data', (chunk: Buffer) => {
    if (textMode && chunk.includes(0x1b)) { textMode = false; r.modem.push('\r\nOK\r\n'); }
  });
  try {
    const prompt = await r.channel.send('AT+CMGS="+41790000000"', { timeoutMs: 1000 });
    assert.equal(prompt.final.kind, 'prompt');
    assert.equal(prompt.promptCancelled, true);
    assert.equal(prompt.ok, false);
    assert.match(prompt.finalDescription, /prompt cancelled.*ESC.*answered OK/);
    assert.ok(r.modem.rawReceived.includes('\u001b'), 'ESC was sent');
    // The modem is out of text mode: the next command is answered, not taken as SMS text.
    assert.deepEqual((await r.channel.send('AT+CSQ', { timeoutMs: 1000 })).lines, ['+CSQ: 20,99']);
    assert.deepEqual(r.unsolicited, [], 'the OK after ESC belonged to the cancelled command');
    r.modem.script = (c) => {
      if (c.startsWith('AT+CMGS=')) return '\r\n> ';
      if (c === 'Hello') return '\r\n+CMGS: 12\r\n\r\nOK\r\n'; // the text, ended by Ctrl-Z
      return healthyModem(c);
    };
    const sent = await r.channel.send('AT+CMGS="+41790000000"', { timeoutMs: 1000, promptText: 'Hello' });
    assert.equal(sent.final.kind, 'ok');
    assert.equal(sent.promptCancelled, undefined);
    assert.deepEqual(sent.lines, ['+CMGS: 12']);
    assert.ok(r.modem.rawReceived.includes('Hello\u001a'), 'the text ended by Ctrl-Z');
  } finally {
    await r.done();
  }
});

test('close rejects the command in flight and everything queued with a typed error', async () => {
  const r = await rig(() => null);
  try {
    const sends = ['AT+CSQ', 'AT+CPIN?', 'AT+CGMI'].map((c) => r.channel.send(c).then(() => null, (e: unknown) => e));
    await waitFor(() => r.modem.received.length === 1, 3000, 'the first command');
    await r.channel.close();
    const errors = await Promise.all(sends);
    for (const e of errors) {
      assert.ok(e instanceof AtChannelError);
      assert.equal(e.code, 'closed');
    }
    assert.match((errors[1] as Error).message, /AT\+CPIN\? was not answered: the channel on .* was closed/);
    const late = await r.channel.send('AT').then(() => null, (e: unknown) => e);
    assert.ok(late instanceof AtChannelError && late.code === 'closed');
    assert.deepEqual(r.modem.received, ['AT+CSQ'], 'queued commands were never written');
  } finally {
    await r.done();
  }
});

test('the modem vanishing mid-command fails it as port-lost and emits closed', async () => {
  const r = await rig(() => null);
  try {
    let closedWith: Error | undefined | null = null;
    r.channel.on('closed', (e) => { closedWith = e; });
    const pending = r.channel.send('AT+CSQ', { timeoutMs: 5000 }).then(() => null, (e: unknown) => e);
    await waitFor(() => r.modem.received.length === 1, 3000, 'the command');
    r.pty.hangup();
    const err = await pending;
    assert.ok(err instanceof AtChannelError);
    assert.equal(err.code, 'port-lost');
    assert.match(err.message, /stopped responding \(EIO\): the modem was unplugged or is resetting/);
    assert.ok(closedWith !== null);
    assert.equal(r.channel.isClosed, true);
  } finally {
    await r.done();
  }
});

test('a command line with CR/LF or nothing in it is refused before anything is written', async () => {
  const r = await rig();
  try {
    for (const bad of ['', '   ', 'AT\r+CSQ', 'AT+CSQ\n', 'A'.repeat(3000)]) {
      const err = await r.channel.send(bad).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof AtChannelError, JSON.stringify(bad));
      assert.equal(err.code, 'invalid-command');
    }
    assert.deepEqual(r.modem.received, []);
  } finally {
    await r.done();
  }
});

test('SIMCom START while a command is in flight is a restart like RDY', async () => {
  const r = await rig((c, modem) => {
    if (c === 'AT+CFUN=1,1') {
      setTimeout(() => modem.push('\r\nSTART\r\n'), 30);
      return null;
    }
    return healthyModem(c);
  });
  try {
    const err = await r.channel.send('AT+CFUN=1,1', { timeoutMs: 5000 }).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof AtRestartError, String(err));
    assert.equal(err.line, 'START');
    assert.equal(r.restarts.length, 1);
    assert.equal((await r.channel.send('AT+CSQ')).ok, true);
  } finally {
    await r.done();
  }
});

test('a late reply that comes after the resynchronisation is set aside, never the next command\'s answer', async () => {
  let csqLate = true;
  const r = await rig((c, modem) => {
    if (c === 'AT+CSQ' && csqLate) {
      csqLate = false;
      return null; // busy: the answer comes later, below
    }
    if (c === 'AT+CPIN?') {
      // The late AT+CSQ answer lands first, then this command's own.
      modem.push('\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
      return new Promise((res) => setTimeout(() => res('\r\n+CPIN: READY\r\n\r\nOK\r\n'), 50));
    }
    return healthyModem(c);
  });
  try {
    const err = await r.channel.send('AT+CSQ', { timeoutMs: 100 }).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof AtTimeoutError);
    const cpin = await r.channel.send('AT+CPIN?', { timeoutMs: 5000 });
    assert.deepEqual(r.modem.received, ['AT+CSQ', 'AT', 'AT+CPIN?']);
    assert.deepEqual(cpin.lines, ['+CPIN: READY']);
    assert.deepEqual(cpin.parsed, { ok: true, value: { state: 'READY', code: 'ready', ready: true } });
    assert.deepEqual(cpin.late, ['+CSQ: 20,99', 'OK']);
    const notes = r.channel.transcript().filter((e) => e.direction === 'note').map((e) => e.raw);
    assert.ok(notes.some((n) => n.includes('set aside the rest of the reply to AT+CSQ')), notes.join('\n'));
    // Only the first command after the resynchronisation watches for it.
    assert.equal((await r.channel.send('AT+CSQ')).late, undefined);
  } finally {
    await r.done();
  }
});

test('after ATV0 the digit result codes end commands, also of bare-text commands; ATV1 restores words', async () => {
  let numeric = false;
  const r = await rig((c) => {
    if (c === 'ATV0') { numeric = true; return '0\r'; }
    if (c === 'ATV1') { numeric = false; return '\r\nOK\r\n'; }
    if (c === 'AT+CIMI') return numeric ? '228012345678901\r\n0\r' : '\r\n228012345678901\r\n\r\nOK\r\n';
    if (c === 'AT+CPIN=1234') return numeric ? '+CME ERROR: 16\r\n' : '\r\n+CME ERROR: 16\r\n';
    return healthyModem(c);
  });
  try {
    assert.deepEqual((await r.channel.send('ATV0')).final, { kind: 'ok' });
    const imsi = await r.channel.send('AT+CIMI');
    assert.deepEqual(imsi.lines, ['228012345678901']);
    assert.deepEqual(imsi.final, { kind: 'ok' });
    assert.equal(imsi.finalLine, '0');
    assert.equal((await r.channel.send('ATV1')).ok, true);
    const words = await r.channel.send('AT+CIMI');
    assert.deepEqual(words.lines, ['228012345678901']);
    assert.equal(words.finalLine, 'OK');
  } finally {
    await r.done();
  }
});
