// No super-linear parsing: every AT reader gets 1 MB lines of blanks, commas, parentheses, quotes
// and colons, prefixed and bare, and must simply finish. Nothing is timed here: a quadratic
// pattern (like the old /^\s*,?\s*\(/ in isContinuationLine, 4.8 s for 64 KB) takes hours on
// 1 MB and fails the run through the test timeout.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitLines, splitResponse } from '../../main/at/response.ts';
import { parseResponse } from '../../main/at/parsers/index.ts';
import { labelledPairs } from '../../main/at/parsers/sierra.ts';
import { matchUrc } from '../../main/at/urc.ts';
import { maskSecrets } from '../../main/at/secrets.ts';
import { parseFinalResult } from '../../main/at/final-result.ts';
import { decodeAt } from '../../main/at/decode.ts';
import { MAX_LINE_BYTES } from '../../main/at/line-assembler.ts';

const MB = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

const PAYLOADS: Record<string, string> = {
  blanks: fill(' '),
  'comma blanks paren': fill(' , ('),
  parentheses: fill('(('),
  'quotes and commas': fill('",'),
  'label colons': fill('a:  \t'),
};

// One command per parser (main/at/parsers/index.ts), with the prefix its answer carries.
const COMMANDS: Array<[string, string]> = [
  ['AT+CPIN?', '+CPIN'], ['AT+CLCK="SC",2', '+CLCK'], ['AT+CPINR', '+CPINR'], ['AT+QPINC?', '+QPINC'],
  ['AT+CIMI', ''], ['AT+QCCID', '+QCCID'], ['AT+CGSN', ''], ['AT+CGMI', ''], ['ATI', ''],
  ['AT+CSQ', '+CSQ'], ['AT+CESQ', '+CESQ'], ['AT+QCSQ', '+QCSQ'], ['AT+CREG?', '+CREG'], ['AT+C5GREG?', '+C5GREG'],
  ['AT+COPS?', '+COPS'], ['AT+COPS=?', '+COPS'], ['AT+CGDCONT?', '+CGDCONT'], ['AT+CGDCONT=?', '+CGDCONT'],
  ['AT+CGACT?', '+CGACT'], ['AT+CGPADDR', '+CGPADDR'], ['AT+CFUN?', '+CFUN'], ['AT+QCFG="usbnet"', '+QCFG'],
  ['AT+QCFG="band"', '+QCFG'], ['AT+QENG="servingcell"', '+QENG'], ['AT+QNWINFO', '+QNWINFO'],
  ['AT+QSIMSTAT?', '+QSIMSTAT'], ['AT+QINISTAT', '+QINISTAT'], ['AT+CPSI?', '+CPSI'], ['AT+CNSMOD?', '+CNSMOD'],
  ['AT+CUSBPIDSWITCH?', '+CUSBPIDSWITCH'], ['AT!GSTATUS?', '!GSTATUS'], ['AT!USBCOMP?', '!USBCOMP'],
  ['AT!IMPREF?', '!IMPREF'], ['AT#USBCFG?', '#USBCFG'], ['AT+GTUSBMODE?', '+GTUSBMODE'],
];

test('1 MB lines of blanks, commas, parentheses and quotes: every command\'s parser finishes', () => {
  for (const [name, payload] of Object.entries(PAYLOADS)) {
    for (const [command, prefix] of COMMANDS) {
      const line = prefix === '' ? payload : `${prefix}: ${payload}`;
      const parsed = parseResponse(command, [line]);
      assert.ok(parsed === null || typeof parsed.ok === 'boolean', `${command} / ${name}`);
      // The same text as the port delivers it (cut into line-buffer pieces) reaches the parser.
      const pieces = splitLines(line);
      const piecewise = parseResponse(command, pieces);
      assert.ok(piecewise === null || typeof piecewise.ok === 'boolean', `${command} / ${name}`);
    }
  }
});

test('1 MB of such text through the line sorter: lines are cut where the port would cut them, and it finishes', () => {
  for (const [name, payload] of Object.entries(PAYLOADS)) {
    for (const command of ['AT+COPS=?', 'ATI', 'AT!GSTATUS?', 'AT+CREG?']) {
      const r = splitResponse(command, `${command}\r\r\n${payload}\r\n\r\nOK\r\n`);
      assert.deepEqual(r.final, { kind: 'ok' }, `${command} / ${name}`);
      for (const l of [...r.lines, ...r.garbage]) assert.ok(l.length <= MAX_LINE_BYTES, `${command} / ${name}: a ${l.length}-character line`);
    }
  }
});

test('1 MB lines through URC matching, final results, masking, label pairs and decode at', () => {
  for (const [name, payload] of Object.entries(PAYLOADS)) {
    for (const line of [payload, `+CREG: ${payload}`, `+QIND: ${payload}`, `!${payload}`, `+CME ERROR: ${payload}`]) {
      matchUrc(line, 'AT+CREG?');
      matchUrc(line, undefined);
      parseFinalResult(line);
      labelledPairs([line], '!GSTATUS');
    }
    for (const command of [`AT+CPIN=${payload}`, `AT+CGAUTH=1,1,${payload}`, `ATD**04*${payload}`, `AT+CSIM=${payload}`]) {
      assert.equal(typeof maskSecrets(command), 'string', name);
    }
    const d = decodeAt('AT+COPS=?', `+COPS: ${payload}\r\n${payload}\r\nOK\r\n`);
    assert.deepEqual(d.final, { kind: 'ok' }, name);
  }
});
