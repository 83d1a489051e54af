// The one AT line sorter, tested once: every row is fed as bytes through a real pseudo-terminal
// to the live AtChannel AND through the offline splitResponse (what `decode at` uses); both must
// give the same echo, answer lines, final result, URCs and noise. Rows are real replies; each
// names where it comes from.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { openPty } from '../../main/simulator/pty.ts';
import { AtChannel } from '../../main/at/channel.ts';
import { splitResponse } from '../../main/at/response.ts';
import { AtResponder } from '../support/at-responder.ts';

interface Row {
  source: string;
  command: string;
  /** The bytes on the wire, as a latin1 string (one character per byte). */
  raw: string;
  echo: boolean;
  lines: string[];
  final: unknown;
  urcs: string[];
  garbage: string[];
}

const ROWS: Row[] = [
  {
    source: 'Quectel EC25 with ATE1 (EC25 AT Commands Manual, AT+CSQ example)',
    command: 'AT+CSQ', raw: 'AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n',
    echo: true, lines: ['+CSQ: 20,99'], final: { kind: 'ok' }, urcs: [], garbage: [],
  },
  {
    source: 'line noise glued to the echo: the simulator\'s garbage scenario on ATI (bytes 66 b4 c2)',
    command: 'ATI', raw: 'f\xb4\xc2ATI\r\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n',
    echo: true, lines: ['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G'], final: { kind: 'ok' }, urcs: [], garbage: ['f\xb4\xc2'],
  },
  {
    source: 'a burst of control bytes on its own line before the answer (UART glitch)',
    command: 'AT+CGMI', raw: '\x07\x1b\x10\r\nQuectel\r\n\r\nOK\r\n',
    echo: false, lines: ['Quectel'], final: { kind: 'ok' }, urcs: [], garbage: ['\x07\x1b\x10'],
  },
  {
    source: 'URCs between echo and answer and between info lines (MM test-at-serial-port.c parse_ok_tests shapes)',
    command: 'AT+CGDCONT?',
    raw: 'AT+CGDCONT?\r\r\n+QIND: "csq",20,99\r\n+CGDCONT: 1,"IP","internet","0.0.0.0",0,0\r\n\r\nRING\r\n+CGDCONT: 2,"IPV4V6","ims","0.0.0.0",0,0\r\n\r\nOK\r\n',
    echo: true, lines: ['+CGDCONT: 1,"IP","internet","0.0.0.0",0,0', '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0",0,0'],
    final: { kind: 'ok' }, urcs: ['+QIND', 'RING'], garbage: [],
  },
  {
    source: 'a line with a foreign prefix is not the answer',
    command: 'AT+CSQ', raw: '\r\n+COPS: 0\r\n+CSQ: 5,99\r\nOK\r\n',
    echo: false, lines: ['+CSQ: 5,99'], final: { kind: 'ok' }, urcs: [], garbage: ['+COPS: 0'],
  },
  {
    source: 'MM test-modem-helpers.c test_creg1_unsolicited before the solicited answer',
    command: 'AT+CREG?', raw: '\r\n+CREG: 1\r\n\r\n+CREG: 2,5,"00C3","0000B7E2",7\r\n\r\nOK\r\n',
    echo: false, lines: ['+CREG: 2,5,"00C3","0000B7E2",7'], final: { kind: 'ok' }, urcs: ['+CREG'], garbage: [],
  },
  {
    source: 'Sierra MC7455 after a reset: !READY (no colon) arrives before the answer',
    command: 'AT+CPIN?', raw: '\r\n!READY\r\n\r\n+CPIN: READY\r\n\r\nOK\r\n',
    echo: false, lines: ['+CPIN: READY'], final: { kind: 'ok' }, urcs: ['!READY'], garbage: [],
  },
  {
    source: 'ATV0 (V.250 §6.2.6): numeric result code 0 after the echo',
    command: 'ATE1V0', raw: 'ATE1V0\r0\r',
    echo: true, lines: [], final: { kind: 'ok' }, urcs: [], garbage: [],
  },
  {
    source: 'ATV0 (V.250 §5.7.1 table 1): 4 = ERROR after an info-less command',
    command: 'AT+CFUN=9', raw: '4\r',
    echo: false, lines: [], final: { kind: 'error' }, urcs: [], garbage: [],
  },
  {
    source: 'MM test-modem-helpers.c Nokia 2720 AT+COPS=? wrapped over two lines',
    command: 'AT+COPS=?', raw: '\r\n+COPS: (2,"T - Mobile",,"31026",0),\r\n(1,"AT&T",,"310410",0),,(0,1,3),(0,2)\r\n\r\nOK\r\n',
    echo: false, lines: ['+COPS: (2,"T - Mobile",,"31026",0),', '(1,"AT&T",,"310410",0),,(0,1,3),(0,2)'],
    final: { kind: 'ok' }, urcs: [], garbage: [],
  },
  {
    source: 'MM test-at-serial-port.c parse_error_tests: +CME ERROR with a blank is final',
    command: 'AT+CPIN?', raw: 'AT+CPIN?\r\r\n+CME ERROR: 10\r\n',
    echo: true, lines: [], final: { kind: 'cme-error', code: 10 }, urcs: [], garbage: [],
  },
];

function offline(row: Row): unknown {
  const r = splitResponse(row.command, row.raw);
  return { echo: r.echo, lines: r.lines, final: r.final, urcs: r.urcs.map((u) => u.name), garbage: r.garbage };
}

test('offline: every row sorts as expected', () => {
  for (const row of ROWS) {
    assert.deepEqual(offline(row), { echo: row.echo, lines: row.lines, final: row.final, urcs: row.urcs, garbage: row.garbage }, row.source);
  }
});

test('live: the same bytes through a real PTY give the channel the same answer as the offline decoder', async () => {
  const dir = fs.mkdtempSync(`${os.tmpdir()}/md-sorter-`);
  const pty = await openPty(`${dir}/ttyUSB2`);
  const modem = new AtResponder(pty, () => null);
  const channel = await AtChannel.open(pty.path);
  try {
    for (const row of ROWS) {
      modem.script = (_c, m) => { m.push(Buffer.from(row.raw, 'latin1')); return null; };
      const reply = await channel.send(row.command, { timeoutMs: 5000 });
      const live = { echo: reply.echoed, lines: reply.lines, final: reply.final, urcs: reply.urcs.map((u) => u.name), garbage: reply.garbage };
      assert.deepEqual(live, offline(row), row.source);
    }
  } finally {
    await channel.close();
    await pty.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
