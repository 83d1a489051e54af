// The `decode at` command as a user runs it: the real binary, stdin in, JSON out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/run-cli.ts';

async function run(args: string[], input: string): Promise<{ code: number | null; out: unknown[]; stderr: string }> {
  const r = await runCli(['decode', 'at', ...args], input, 30_000);
  const out = r.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
  return { code: r.code, out, stderr: r.stderr };
}

test('decode at --command: echo, answer, URC after OK → one JSON object with the parsed result', async () => {
  const r = await run(['--command', 'AT+CSQ'], 'AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n\r\n+QIND: "csq",20,99\r\n');
  assert.equal(r.code, 0);
  assert.equal(r.out.length, 1);
  const o = r.out[0] as Record<string, unknown>;
  assert.equal(o.command, 'AT+CSQ');
  assert.deepEqual(o.final, { kind: 'ok' });
  assert.deepEqual(o.result, { rssi: 20, ber: 99, rssiDbm: -73, qualityPercent: 65, berKnown: false });
  assert.deepEqual((o.urcs as Array<{ name: string }>).map((u) => u.name), ['+QIND']);
  assert.equal(o.error, undefined);
});

test('decode at: a +CME ERROR gives its code and words, and no result', async () => {
  const r = await run(['--command', 'AT+CPIN?'], 'AT+CPIN?\r\r\n+CME ERROR: 10\r\n');
  assert.equal(r.code, 0);
  const o = r.out[0] as Record<string, unknown>;
  assert.deepEqual(o.final, { kind: 'cme-error', code: 10 });
  assert.deepEqual(o.error, { code: 10, text: '+CME ERROR 10: SIM not inserted' });
  assert.equal(o.result, undefined);
});

test('decode at: a malformed answer gives parseError with the line', async () => {
  const r = await run(['--command', 'AT+CSQ'], '\r\n+CSQ: 45,99\r\n\r\nOK\r\n');
  const o = r.out[0] as Record<string, unknown>;
  assert.equal(r.code, 0);
  assert.deepEqual((o.parseError as { line: string }).line, '+CSQ: 45,99');
  assert.equal(o.result, undefined);
});

test('decode at -: JSON Lines in, one object per line, bad lines reported and skipped', async () => {
  const input = [
    JSON.stringify({ command: 'AT+CREG?', raw: '\r\n+CREG: 2,5,"0502","0404736D"\r\n\r\nOK\r\n' }),
    'this is not json',
    JSON.stringify({ command: 'AT+CGDCONT?', raw: '\r\n+CGDCONT: 1,"IP","internet","0.0.0.0",0,0\r\n\r\nOK\r\n' }),
    JSON.stringify({ raw: 'OK' }),
    '',
    JSON.stringify({ command: 'AT+QCFG="usbnet"', raw: '+QCFG: "usbnet",2\r\nOK\r\n' }),
  ].join('\n');
  const r = await run(['-'], input);
  // Like `decode qmi -`: every line is answered, and unreadable lines make the exit code 2.
  assert.equal(r.code, 2);
  assert.equal(r.out.length, 5);
  // Every object names its input line, so the skipped blank line does not break the pairing.
  assert.deepEqual(r.out.map((o) => (o as { line: number }).line), [1, 2, 3, 4, 6]);
  const [creg, bad, cgd, missing, usbnet] = r.out as Array<Record<string, unknown>>;
  assert.equal((creg?.result as { status: string }).status, 'roaming');
  assert.equal(bad?.line, 2);
  assert.match(String(bad?.error), /not JSON/);
  assert.equal(((cgd?.result as { contexts: Array<{ apn: string }> }).contexts[0])?.apn, 'internet');
  assert.equal(missing?.line, 4);
  assert.match(String(missing?.error), /command/);
  assert.deepEqual(usbnet?.result, { mode: 2, modeName: 'mbim', driver: 'cdc_mbim' });
});

test('decode at: usage errors exit 2 with a JSON error', async () => {
  for (const args of [['--command'], ['--command', 'AT+CSQ', '-'], ['--bogus'], ['--command=']]) {
    const r = await run(args, '');
    assert.equal(r.code, 2, JSON.stringify(args));
    assert.ok(typeof (r.out[0] as { error?: unknown }).error === 'string', JSON.stringify(args));
  }
});

test('decode at never prints a secret: command, echo, lines and garbage are masked', async () => {
  const r = await run(['--command', 'AT+CGAUTH=1,1,"user","pa;ss"'],
    'AT+CGAUTH=1,1,"user","pa;ss"\r\r\nAT+CPIN="4711"\r\n\r\nOK\r\n');
  assert.equal(r.code, 0);
  const o = r.out[0] as Record<string, unknown>;
  assert.equal(o.command, 'AT+CGAUTH=1,1,"****","****"');
  assert.equal(o.echo, true);
  assert.deepEqual(o.garbage, ['AT+CPIN="****"']);
  const printed = JSON.stringify(r.out);
  for (const secret of ['pa;ss', ';ss', '4711']) assert.ok(!printed.includes(secret), `${secret} in ${printed}`);
  // JSON Lines: the same masking, and a PIN in an answer line of a bare-text command.
  const lines = await run(['-'], `${JSON.stringify({ command: 'AT!ENTERCND="A710";+CGMI', raw: '\r\nAT!ENTERCND="A710"\r\n\r\nOK\r\n' })}\n`);
  const l = lines.out[0] as Record<string, unknown>;
  assert.equal(l.command, 'AT!ENTERCND="****";+CGMI');
  assert.deepEqual(l.lines, ['AT!ENTERCND="****"']);
  // The +CGMI part reads that line as text: its parsed result is masked too.
  assert.deepEqual((l.result as { results: Array<{ result: { value: unknown } }> }).results[0]!.result.value, { text: 'AT!ENTERCND="****"' });
  assert.ok(!JSON.stringify(lines.out).includes('A710'));
});

test('decode at without a command: a terminal log is decoded, each object with its input line', async () => {
  const r = await run([], 'RDY\r\n+QIND: "csq",20,99\r\nAT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
  assert.equal(r.code, 0);
  const [rdy, qind, csq] = r.out as Array<Record<string, unknown>>;
  assert.deepEqual(rdy, { line: 1, urc: { name: 'RDY', line: 'RDY' } });
  assert.equal((qind!.urc as { name: string }).name, '+QIND');
  assert.equal(csq!.line, 3);
  assert.equal(csq!.command, 'AT+CSQ');
  assert.equal((csq!.result as { rssi: number }).rssi, 20);
});

test('decode at --help lists the options with an example and exits 0', async () => {
  const r = await runCli(['decode', 'at', '--help']);
  assert.equal(r.code, 0);
  for (const word of ['--command', '-c', ' - ', 'e.g.', 'exit']) assert.ok(r.stdout.includes(word), `${word} in ${r.stdout}`);
});

test('decode at - streams: the first line is answered before the input ends', async () => {
  const { spawn } = await import('node:child_process');
  const { BIN } = await import('../support/run-cli.ts');
  const child = spawn(process.execPath, [BIN, 'decode', 'at', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stdin.write(`${JSON.stringify({ command: 'AT+CSQ', raw: '+CSQ: 20,99\r\nOK\r\n' })}\n`);
    const { waitFor } = await import('../support/wait.ts');
    await waitFor(() => out.includes('\n'), 20_000, 'the first decoded line while stdin is still open');
    assert.equal((JSON.parse(out.split('\n')[0]!) as { line: number }).line, 1);
    child.stdin.end();
    const code = await new Promise<number | null>((res) => child.on('close', res));
    assert.equal(code, 0);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

test('decode at - respects back-pressure: with a stalled reader it stops reading input instead of buffering output', async () => {
  const { Readable, Writable } = await import('node:stream');
  const { run: decodeAtRun } = await import('../../main/cli/decode-at.ts');
  const record = `${JSON.stringify({ command: 'AT+CSQ', raw: '+CSQ: 20,99\r\nOK\r\n' })}\n`;
  const total = 100_000;
  let produced = 0;
  let written = 0;
  let maxAhead = 0;
  const stdin = Readable.from((function* lines() {
    for (; produced < total; produced++) {
      maxAhead = Math.max(maxAhead, produced - written);
      yield record;
    }
  })());
  // A slow reader: a small buffer, and each write completes only on a later turn of the event loop.
  const stdout = new Writable({
    highWaterMark: 1024,
    write(_chunk, _enc, cb) { written++; setImmediate(cb); },
  });
  const code = await decodeAtRun(['-'], { stdin, stdout });
  assert.equal(code, 0);
  stdout.end();
  await new Promise((res) => stdout.on('finish', res));
  assert.equal(written, total);
  // Without back-pressure the whole input is read before the reader catches up (ahead = 100000).
  assert.ok(maxAhead < 20_000, `input ran ${maxAhead} lines ahead of output`);
});
