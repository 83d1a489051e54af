// The channel's rules that need no port: secret masking, timeouts by command family, and
// (property tests) line assembly over any chunking, URCs at any line boundary, random bytes.
// The byte source here is an in-memory ByteTransport: the channel is meant to run over any stream.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AtChannel, AtChannelError, maskSecrets, type AtReply, type Urc } from '../../main/at/channel.ts';
import { defaultTimeoutFor, PLAIN_QUERY_TIMEOUT_MS } from '../../main/at/command-timeouts.ts';
import type { ByteTransport, TransportError } from '../../main/transport/byte-transport.ts';
import { isErrorFinal, type FinalResult } from '../../main/at/final-result.ts';

// Every final result the channel can end a command with (final-result.ts), spelled out so that a
// new kind has to be added here on purpose.
const FINAL_KINDS: readonly FinalResult['kind'][] = ['ok', 'error', 'cme-error', 'cms-error', 'no-carrier', 'busy',
  'no-answer', 'no-dialtone', 'command-not-supported', 'connect', 'prompt'];

test('PINs, PUKs and passwords are masked, other arguments kept', () => {
  const cases: [string, string][] = [
    ['AT+CPIN="1234"', 'AT+CPIN="****"'],
    ['AT+CPIN=1234', 'AT+CPIN=****'],
    ['AT+CPIN="12345678","4321"', 'AT+CPIN="****","****"'],
    ['at+cpin="0000"', 'at+cpin="****"'],
    ['AT+CLCK="SC",1,"1234"', 'AT+CLCK="SC",1,"****"'],
    ['AT+CLCK="SC",2', 'AT+CLCK="SC",2'],
    ['AT+CPWD="SC","1234","5678"', 'AT+CPWD="SC","****","****"'],
    // 27.007 puts the user first, SIMCom the password: both are hidden.
    ['AT+CGAUTH=1,1,"user","s3cret"', 'AT+CGAUTH=1,1,"****","****"'],
    ['AT+CGAUTH=1,1,"user","pa;ss"', 'AT+CGAUTH=1,1,"****","****"'],
    ['AT+QICSGP=1,1,"internet","user","s3cret",1', 'AT+QICSGP=1,1,"internet","user","****",1'],
    ['AT+QICSGP=1,1,"apn","u","p;w",1', 'AT+QICSGP=1,1,"apn","u","****",1'],
    ['AT!ENTERCND="A710"', 'AT!ENTERCND="****"'],
    ['AT^CPIN="12345678","1234"', 'AT^CPIN="****","****"'],
    ['AT#PDPAUTH=1,1,"u","secret"', 'AT#PDPAUTH=1,1,"u","****"'],
    ['AT^AUTHDATA=1,1,"","secret","user"', 'AT^AUTHDATA=1,1,"","****","user"'],
    ['AT$QCPDPP=1,1,"secret","user"', 'AT$QCPDPP=1,1,"****","user"'],
    // VERIFY PIN (INS 20) as an APDU: header kept, the PIN bytes hidden; other APDUs kept.
    ['AT+CSIM=26,"002000010831323334FFFFFFFF"', 'AT+CSIM=26,"0020000108****"'],
    ['AT+CSIM=26,"002C000110313233343536373831323334FFFFFFFF"', 'AT+CSIM=26,"002C000110****"'],
    ['AT+CSIM=14,"00A40004023F00"', 'AT+CSIM=14,"00A40004023F00"'],
    // MMI codes: unblock with the PUK, change the PIN.
    ['ATD**05*12345678*1234*1234#', 'ATD**05***************#'],
    ['ATD**04*1111*2222*2222#', 'ATD**04***************#'],
    ['ATD*99#', 'ATD*99#'],
    ['AT+CPIN?', 'AT+CPIN?'],
    ['AT+CSQ', 'AT+CSQ'],
    // A half-received echo still hides what there is of the PIN.
    ['AT+CPIN="12', 'AT+CPIN="****"'],
    // Several commands on one line, and the echo inside raw text.
    ['AT+CPIN="1111";+CSQ', 'AT+CPIN="****";+CSQ'],
    ['AT+CSQ;+CPIN="1;2";+CGAUTH=1,1,"a","b"', 'AT+CSQ;+CPIN="****";+CGAUTH=1,1,"****","****"'],
    ['AT+CPIN="2222"\r\r\nOK\r\n', 'AT+CPIN="****"\r\r\nOK\r\n'],
  ];
  for (const [input, expected] of cases) assert.equal(maskSecrets(input), expected, input);
});

test('property: a masked secret never shows, whatever characters it holds (; , # * included)', () => {
  const secret = fc.stringMatching(/^[a-z0-9;,#*.! ]{1,12}$/);
  const digits = fc.stringMatching(/^[0-9]{4,8}$/);
  fc.assert(fc.property(secret, digits, digits, (pw, pin, puk) => {
    const cases: [string, string][] = [
      [`AT+CPIN="${pin}"`, 'AT+CPIN="****"'],
      [`AT+CPIN="${puk}","${pin}"`, 'AT+CPIN="****","****"'],
      [`AT+CLCK="SC",0,"${pin}"`, 'AT+CLCK="SC",0,"****"'],
      [`AT+CPIN=${pin}`, 'AT+CPIN=****'],
      [`AT+CGAUTH=1,1,"USER","${pw}";+CSQ`, 'AT+CGAUTH=1,1,"****","****";+CSQ'],
      [`AT+QICSGP=1,1,"APN","USER","${pw}",1`, 'AT+QICSGP=1,1,"APN","USER","****",1'],
      [`AT#PDPAUTH=1,1,"USER","${pw}"`, 'AT#PDPAUTH=1,1,"USER","****"'],
      [`AT^AUTHDATA=1,1,"","${pw}","USER"`, 'AT^AUTHDATA=1,1,"","****","USER"'],
      [`AT!ENTERCND="${pw}"`, 'AT!ENTERCND="****"'],
      [`AT^CPIN="${puk}","${pin}"`, 'AT^CPIN="****","****"'],
      [`ATD**05*${puk}*${pin}*${pin}#`, 'ATD**05***************#'],
      [`AT+CSIM=26,"0020000108${Buffer.from(pin).toString('hex')}"`, 'AT+CSIM=26,"0020000108****"'],
    ];
    // Exact equality: not one character of the secret may survive, in the command or its echo.
    for (const [cmd, expected] of cases) {
      assert.equal(maskSecrets(cmd), expected, cmd);
      assert.equal(maskSecrets(`${cmd}\r\r\nOK\r\n`), `${expected}\r\r\nOK\r\n`, cmd);
    }
  }));
});

test('default timeouts follow the command family', () => {
  const expectations: [string, number][] = [
    ['AT+CSQ', PLAIN_QUERY_TIMEOUT_MS],
    ['AT+CPIN?', 3000],
    ['AT', 3000],
    ['AT+COPS=?', 180_000],
    ['AT+COPS=0', 120_000],
    ['AT+COPS?', 3000],
    ['AT+CGACT=1,1', 150_000],
    ['AT+CFUN=1,1', 60_000],
    ['AT+CFUN?', 3000],
    ['ATD*99#', 60_000],
    ['AT+CPIN="1234"', 20_000],
    ['AT+CIMI', 10_000],
    ['AT+CGDCONT=1,"IP","internet"', 10_000],
    // Concatenated: the slowest part wins.
    ['AT+CSQ;+COPS=?', 180_000],
  ];
  for (const [cmd, ms] of expectations) assert.equal(defaultTimeoutFor(cmd).ms, ms, cmd);
  assert.match(defaultTimeoutFor('AT+COPS=?').why, /scan/);
});

// --- an in-memory modem for property tests -------------------------------------------------------

class MemoryTransport implements ByteTransport {
  readonly description = 'memory';
  written: string[] = [];
  onWrite: (text: string) => void = () => {};
  private data: ((c: Buffer) => void)[] = [];
  private closers: ((e?: TransportError) => void)[] = [];
  async write(d: Uint8Array): Promise<void> {
    const text = Buffer.from(d).toString('latin1');
    this.written.push(text);
    queueMicrotask(() => this.onWrite(text));
  }
  onData(l: (c: Buffer) => void): void { this.data.push(l); }
  onClose(l: (e?: TransportError) => void): void { this.closers.push(l); }
  async close(): Promise<void> { for (const c of this.closers) c(); this.closers = []; }
  feed(bytes: Buffer): void { for (const l of this.data) l(bytes); }
}

function chunked(text: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, text.length]) {
    if (p > prev) out.push(text.subarray(prev, p));
    prev = Math.max(prev, p);
  }
  return out;
}

const URC_LINES = ['RING', '+QIND: "csq",20,99', '+CREG: 1,"00C3","0000B7E2",7', '+CMTI: "ME",1', '+QUSIM: 1', 'SMS DONE'];

async function exchange(command: string, reply: Buffer, cuts: number[]): Promise<{ reply: AtReply; urcs: Urc[] }> {
  const t = new MemoryTransport();
  const channel = new AtChannel(t);
  const urcs: Urc[] = [];
  channel.on('urc', (u) => urcs.push(u));
  t.onWrite = () => { for (const c of chunked(reply, cuts)) t.feed(c); };
  const r = await channel.send(command, { timeoutMs: 1000 });
  await channel.close();
  return { reply: r, urcs };
}

test('property: any chunking and URCs at any line boundary leave the answer unchanged and come out as events', async () => {
  const body = ['+CSQ: 20,99'];
  const baseline = await exchange('AT+CSQ', Buffer.from('AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n'), []);
  await fc.assert(fc.asyncProperty(
    fc.boolean(),
    fc.array(fc.record({ at: fc.nat(2), urc: fc.constantFrom(...URC_LINES) }), { maxLength: 4 }),
    fc.array(fc.nat(200), { maxLength: 30 }),
    async (echo, inserts, cuts) => {
      // Slots: 0 = after the echo, 1 = after the info line, 2 = not before OK is impossible here,
      // so 2 means "after OK" (a URC that follows the final result in the same read).
      const slots: string[][] = [[], [], []];
      for (const i of inserts) slots[i.at]!.push(i.urc);
      const urcText = (s: string[]) => s.map((u) => `\r\n${u}\r\n`).join('');
      const text = (echo ? 'AT+CSQ\r' : '') + urcText(slots[0]!) + `\r\n${body[0]}\r\n` + urcText(slots[1]!) +
        '\r\nOK\r\n' + urcText(slots[2]!);
      const { reply, urcs } = await exchange('AT+CSQ', Buffer.from(text, 'latin1'), cuts);
      assert.deepEqual(reply.lines, body);
      assert.equal(reply.final.kind, 'ok');
      assert.deepEqual(reply.parsed, baseline.reply.parsed);
      assert.deepEqual(reply.urcs.map((u) => u.line), [...slots[0]!, ...slots[1]!]);
      assert.deepEqual(urcs.map((u) => u.line), [...slots[0]!, ...slots[1]!, ...slots[2]!]);
    },
  ), { numRuns: 150 });
});

test('property: random bytes give a reply or a typed error, never a throw or a hang', async () => {
  await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(300), { maxLength: 10 }), async (bytes, cuts) => {
    const t = new MemoryTransport();
    const channel = new AtChannel(t);
    t.onWrite = () => { for (const c of chunked(Buffer.from(bytes), cuts)) t.feed(c); };
    try {
      const r = await channel.send('AT+CSQ', { timeoutMs: 20 });
      assert.ok(FINAL_KINDS.includes(r.final.kind), r.final.kind);
      assert.equal(r.ok, !isErrorFinal(r.final) && !r.promptCancelled);
      assert.ok(r.finalDescription.length > 0);
      for (const l of r.lines) assert.ok(l.trim() !== '' && !/[\r\n]/.test(l), JSON.stringify(l));
      for (const u of r.urcs) assert.ok(u.name !== '' && !/[\r\n]/.test(u.line), JSON.stringify(u));
    } catch (e) {
      assert.ok(e instanceof AtChannelError, String(e));
    } finally {
      await channel.close();
    }
  }), { numRuns: 100 });
});
