// Offline decoding without a command: URC chunks and whole terminal sessions (main/at/decode.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AtLogDecoder, type LogItem } from '../../main/at/decode.ts';

function decodeLog(text: string): LogItem[] {
  const d = new AtLogDecoder();
  const out: LogItem[] = [];
  text.split('\n').forEach((l, i) => { for (const piece of l.split('\r')) out.push(...d.push(piece, i + 1)); });
  out.push(...d.end());
  return out;
}

test('a chunk of URCs (an EC25 boot burst, Quectel EC25 AT manual §"URC") decodes each with its values; other lines stay text', () => {
  const items = decodeLog('RDY\r\n+CFUN: 1\r\n+CPIN: READY\r\n+QUSIM: 1\r\n+QIND: "csq",20,99\r\n+CREG: 1,"00C3","0000B7E2",7\r\nhello there\r\n');
  assert.deepEqual(items.map((i) => i.line), [1, 2, 3, 4, 5, 6, 7]);
  const urcs = items.filter((i): i is { line: number; urc: { name: string; fields?: unknown } } => 'urc' in i).map((i) => i.urc);
  assert.deepEqual(urcs.map((u) => u.name), ['RDY', '+CFUN', '+CPIN', '+QUSIM', '+QIND', '+CREG']);
  assert.deepEqual(urcs[1]!.fields, { fun: 1 });
  assert.deepEqual(urcs[4]!.fields, { event: 'csq', rssi: 20, ber: 99, rssiDbm: -73 });
  assert.equal((urcs[5]!.fields as { status: string }).status, 'registered-home');
  assert.deepEqual(items[6], { line: 7, text: 'hello there' });
});

test('a picocom session with echo on splits at each echoed command; each pair is decoded, URCs in between kept', () => {
  const session = [
    'RDY', '', 'ATI', 'Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G', '', 'OK',
    'AT+CPIN?', '+CPIN: READY', '', 'OK', '', '+QIND: "csq",20,99',
    'AT+CSQ', '+CSQ: 20,99', '', 'OK', 'AT+CPIN="1234"', '+CME ERROR: 3',
  ].join('\r\n');
  const items = decodeLog(session);
  assert.deepEqual(items.map((i) => [i.line, 'command' in i ? i.command : 'urc' in i ? 'urc' : 'text']),
    [[1, 'urc'], [3, 'ATI'], [9, 'AT+CPIN?'], [15, 'AT+CSQ'], [19, 'AT+CPIN="****"']]);
  const [, ati, cpin, csq, pin] = items as Array<Record<string, unknown>>;
  assert.equal((ati!.result as { manufacturer: string }).manufacturer, 'Quectel');
  assert.equal(ati!.echo, true);
  assert.deepEqual((cpin!.urcs as Array<{ name: string }>).map((u) => u.name), ['+QIND']);
  assert.deepEqual(csq!.result, { rssi: 20, ber: 99, rssiDbm: -73, qualityPercent: 65, berKnown: false });
  assert.deepEqual(pin!.error, { code: 3, text: '+CME ERROR 3: operation not allowed' });
  assert.ok(!JSON.stringify(items).includes('1234'), 'the PIN is masked');
});

test('a session that switches to ATV0 reads the digit codes of the following bare-text answers', () => {
  const items = decodeLog(['ATV0', '0', 'AT+CGMI', 'Quectel', '0', 'ATV1', 'OK'].join('\r'));
  const [v0, cgmi, v1] = items as Array<Record<string, unknown>>;
  assert.deepEqual(v0!.final, { kind: 'ok' });
  assert.deepEqual(cgmi!.lines, ['Quectel']);
  assert.deepEqual(cgmi!.final, { kind: 'ok' });
  assert.deepEqual(v1!.final, { kind: 'ok' });
});
