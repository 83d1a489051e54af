// Property tests: URCs can land at any line boundary without changing what a response means,
// and no input — however broken — makes the splitter or the parsers throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitResponse } from '../../main/at/response.ts';
import { matchUrc } from '../../main/at/urc.ts';
import { parseResponse } from '../../main/at/parsers/index.ts';

// Real exchanges (echo included where the capture had it).
const EXCHANGES: Array<[string, string]> = [
  ['AT+CSQ', 'AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n'],
  ['AT+CIMI', 'AT+CIMI\r\r\n228012345678901\r\n\r\nOK\r\n'],
  ['AT+CPIN?', '\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n'],
  ['AT+CREG?', '\r\n+CREG: 2,1,"CE00","01CEAD8F"\r\n\r\nOK\r\n'],
  ['AT+CEREG?', 'AT+CEREG?\r\r\n+CEREG: 2,1, 1F00, 79D903 ,7\r\n\r\nOK\r\n'],
  ['AT+COPS=?', '\r\n+COPS: (2,"T-Mobile US","TMO US","31026",0),(1,"AT&T","AT&T","310410",2),,(0, 1, 3),(0-2)\r\n\r\nOK\r\n'],
  ['AT+CGDCONT?', '\r\n+CGDCONT: 1,"IP","nate.sktelecom.com","",0,0\r\n+CGDCONT: 2,"IP","epc.tmobile.com","",0,0\r\n\r\nOK\r\n'],
  ['AT+QENG="servingcell"', 'AT+QENG="servingcell"\r\r\n+QENG: "servingcell","NOCONN","LTE","FDD",302,610,844D92A,248,900,2,5,5,D6E7,-89,-8,-61,17,38\r\n\r\nOK\r\n'],
  ['AT+CPSI?', 'AT+CPSI?\r\r\n+CPSI: LTE,Online,228-02,0x9CA4,20964868,46,EUTRAN-BAND20,6200,3,3,-178,-1089,-742,8\r\n\r\nOK\r\n'],
  ['AT!USBCOMP?', 'AT!USBCOMP?\r\r\nConfig Index: 1\r\nConfig Type:  1 (Generic)\r\nInterface bitmask: 0000010D (diag,nmea,modem,rmnet0)\r\n\r\nOK\r\n'],
  ['ATI', 'ATI\r\nQuectel\r\nBG77\r\nRevision: BG77LAR02A04\r\n\r\nOK\r\n'],
  ['AT+CPIN?', 'AT+CPIN?\r\r\n+CME ERROR: 10\r\n'],
];

// Lines that are unsolicited whatever the command in flight (MM src/tests/test-at-serial-port.c).
const URCS = ['RDY', 'RING', '+QIND: PB DONE', '+QIND: "csq",20,99', '+CMTI: "ME",1', '+QUSIM: 1', 'SMS DONE',
  '+CGEV: NW DETACH', 'POWERED DOWN', '+CREG: 1,"00C3","0000B7E2",7', '+CEREG: 1,"D6E7","0844D92A",7', 'NO CARRIER'];

/** Offsets just after each \n (and 0 and the end): the places a URC can be inserted. */
function boundaries(raw: string): number[] {
  const out = [0];
  for (let i = 0; i < raw.length; i++) if (raw[i] === '\n') out.push(i + 1);
  if (out[out.length - 1] !== raw.length) out.push(raw.length);
  return out;
}

test('every URC used below is unsolicited during every command of the table', () => {
  for (const [cmd] of EXCHANGES) for (const u of URCS) assert.ok(matchUrc(u, cmd), `${u} during ${cmd}`);
});

test('URCs inserted at any line boundaries never change the answer and always come out as URCs', () => {
  const arb = fc.record({
    exchange: fc.constantFrom(...EXCHANGES),
    inserts: fc.array(fc.record({ at: fc.nat(), urc: fc.constantFrom(...URCS) }), { minLength: 1, maxLength: 4 }),
  });
  fc.assert(fc.property(arb, ({ exchange: [cmd, raw], inserts }) => {
    const clean = splitResponse(cmd, raw);
    const bounds = boundaries(raw);
    // Insert from the end so earlier offsets stay valid.
    const placed = inserts.map((x) => ({ at: bounds[x.at % bounds.length] as number, urc: x.urc }))
      .sort((a, b) => b.at - a.at);
    let noisy = raw;
    for (const p of placed) noisy = `${noisy.slice(0, p.at)}\r\n${p.urc}\r\n${noisy.slice(p.at)}`;
    const r = splitResponse(cmd, noisy);
    assert.deepEqual(r.lines, clean.lines);
    assert.deepEqual(r.final, clean.final);
    assert.deepEqual(r.echo, clean.echo);
    assert.deepEqual(parseResponse(cmd, r.lines), parseResponse(cmd, clean.lines));
    assert.deepEqual(r.urcs.map((u) => u.line).sort(), placed.map((p) => p.urc).sort());
  }), { numRuns: 400 });
});

const COMMANDS = [...new Set(EXCHANGES.map(([c]) => c)), 'AT+CGPADDR', 'AT+QCFG="band"', 'AT!GSTATUS?', 'AT!IMPREF?',
  'AT+CESQ', 'AT+QCSQ', 'AT+CGACT?', 'AT+CFUN?', 'AT+QNWINFO', 'AT+CCID', 'AT+CGSN', 'AT+CLCK="SC",2', 'AT+QPINC?',
  'AT+CREG?;+CGREG?', 'AT+CGDCONT=?', 'AT#USBCFG?', 'AT+GTUSBMODE?', 'AT+CUSBPIDSWITCH?', 'AT+CNSMOD?', 'AT+C5GREG?'];

// Not throwing is not enough: the outcome must be one of the two documented shapes (outcome.ts),
// a failure with words a person can read and the line they are about.
function mustNotThrow(cmd: string, raw: string): void {
  const r = splitResponse(cmd, raw);
  const p = parseResponse(cmd, r.lines);
  if (p === null) return; // no parser for this command: allowed
  if (p.ok) {
    assert.ok('value' in p, `${cmd}: ok without a value`);
    assert.ok(!('error' in p), `${cmd}: ok with an error`);
  } else {
    assert.equal(typeof p.error.line, 'string');
    assert.ok(p.error.message.trim().length > 0, `${cmd}: a failure without a message`);
  }
}

test('random bytes give a result or a typed error, never an exception', () => {
  fc.assert(fc.property(fc.constantFrom(...COMMANDS), fc.uint8Array({ maxLength: 400 }), (cmd, bytes) => {
    mustNotThrow(cmd, Buffer.from(bytes).toString('latin1'));
  }), { numRuns: 500 });
});

test('random field soup after the right prefix never throws', () => {
  const token = fc.oneof(fc.constantFrom('', '"', '(', ')', ',', '-', '0x', 'FFFF', '99', '255', 'LTE', '"SC"', ' ', '\t', ':'),
    fc.integer({ min: -100000, max: 100000 }).map(String), fc.string({ maxLength: 6 }));
  const prefix = fc.constantFrom('+CSQ: ', '+CREG: ', '+CEREG: ', '+C5GREG: ', '+COPS: ', '+CGDCONT: ', '+CGPADDR: ', '+QENG: "servingcell",',
    '+QCFG: "band",', '+QCFG: "usbnet",', '+CPSI: ', '+CESQ: ', '+QCSQ: ', '+CPIN: ', '+CGACT: ', '+QNWINFO: ', 'Interface bitmask: ',
    ' preferred fw version: ', '+QPINC: ', '+CPINR: ', '+CFUN: ', '+ICCID: ', '+CUSBPIDSWITCH: ', '');
  fc.assert(fc.property(fc.constantFrom(...COMMANDS), prefix, fc.array(token, { maxLength: 25 }), (cmd, pre, toks) => {
    mustNotThrow(cmd, `\r\n${pre}${toks.join('')}\r\n\r\nOK\r\n`);
  }), { numRuns: 1500 });
});
