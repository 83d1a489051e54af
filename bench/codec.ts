// Codec throughput: QMI frames decoded and encoded per second through the project's one codec
// (main/qmi/message-codec.ts), AT lines per second through the live channel's path (line
// assembler -> line sorter -> the command's parser), each also as a fraction of a loop that only
// reads the same bytes (the machine's own ceiling for touching that input once).
//
// The QMI frames are real ones, 46-70 bytes (the 30-70 byte range), as published:
//  - DMS Get IDs reply, qmicli <-> modem (46 bytes);
//  - WDA Get Data Format reply from openwrt/openwrt issue #9664 (66 bytes);
//  - WDS Get Current Settings reply, the TLVs from nerves-networking/qmi's
//    test/qmi/codec/wireless_data_test.exs "parses real-world TLVs from modem log" (70 bytes).

import { LineAssembler } from '../main/at/line-assembler.ts';
import { AtLineSorter } from '../main/at/line-sorter.ts';
import { parseResponse } from '../main/at/parsers/index.ts';
import { decodeBytes, encodeMessage, messageById, serviceById } from '../main/qmi/message-codec.ts';
import type { MessageKind } from '../main/qmi/frame.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex');
export const FRAMES: readonly Buffer[] = [
  hex('012d00800201020100250021000204000000000010010030110f0038363736393830343132333435363712010030'),
  hex('01410080 1a010201 00210035 00020400 00000000 10010000 11040001 00000012 04000000 00001304 00000000 00140400 00000000 15040000 00000016 04000000 0000'),
  hex(`01 45 00 80 01 01 02 09 00 2D 00 39 00 02 04 00 00 00 00 00 11 01 00 00 15 04 00 19 41 16 0A 16 04 00 19 61 16 0A
    1E 04 00 C6 9A 17 0A 20 04 00 C5 9A 17 0A 21 04 00 FC FF FF FF 29 04 00 DC 05 00 00 2B 01 00 04`),
];

/** Runs `body` over `items` until at least minMs has passed; items per second. */
function rate<T>(items: readonly T[], body: (x: T) => unknown, minMs: number): number {
  let n = 0;
  let sink = 0;
  const t = performance.now();
  let elapsed: number;
  do {
    for (const x of items) { if (body(x)) sink += 1; n += 1; }
    elapsed = performance.now() - t;
  } while (elapsed < minMs);
  if (sink < 0) console.log(sink); // keeps the work observable
  return (n / elapsed) * 1000;
}

/** Reads every byte once: the floor under any decoder of the same input. */
function readAll(b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < b.length; i++) s = (s + b[i]!) | 0;
  return s;
}

export interface CodecResult {
  frameBytes: number[];
  qmiDecodeFramesPerSec: number;
  qmiEncodeFramesPerSec: number;
  qmiReadFramesPerSec: number;
  /** decode rate / read-only rate (1 would be as fast as touching each byte once). */
  qmiDecodeVsRead: number;
  qmiEncodeVsRead: number;
  atParseLinesPerSec: number;
  atReadLinesPerSec: number;
  atParseVsRead: number;
}

// A realistic burst of AT answers (an EC25's, as the simulator gives them): one exchange each.
const AT_EXCHANGES: ReadonlyArray<[string, string]> = [
  ['AT+CSQ', 'AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n'],
  ['AT+CREG?', 'AT+CREG?\r\r\n+CREG: 2,1,"00C3","0000B7E2",7\r\n\r\nOK\r\n'],
  ['AT+COPS?', 'AT+COPS?\r\r\n+COPS: 0,0,"I TIM",7\r\n\r\nOK\r\n'],
  ['AT+CPIN?', 'AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n'],
  ['AT+CGDCONT?', 'AT+CGDCONT?\r\r\n+CGDCONT: 1,"IP","internet","0.0.0.0",0,0,0,0\r\n+CGDCONT: 2,"IPV4V6","ims","0.0.0.0",0,0,0,0\r\n\r\nOK\r\n'],
  ['AT+QENG="servingcell"', 'AT+QENG="servingcell"\r\r\n+QENG: "servingcell","NOCONN","LTE","FDD",222,88,1A2D001,310,1850,3,5,5,7E3,-95,-10,-65,13,30\r\n\r\nOK\r\n'],
  ['ATI', 'ATI\r\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n'],
];

function atExchange([command, raw]: readonly [string, Buffer]): number {
  const assembler = new LineAssembler();
  const sorter = new AtLineSorter(command);
  let lines = 0;
  for (const line of assembler.push(raw)) { sorter.push(line); lines += 1; }
  sorter.settle();
  parseResponse(command, sorter.lines);
  return lines;
}

export function measureCodec(minMs: number): CodecResult {
  const decoded = FRAMES.map((f) => {
    const d = decodeBytes(f);
    if (!d.ok) throw new Error(`bench frame does not decode: ${d.error.message}`);
    const svc = serviceById(d.frame.service)!;
    const msg = messageById(svc, d.frame.messageId, d.message.kind as MessageKind)!.decl;
    return { svc, msg, kind: d.message.kind as MessageKind, fields: d.message.fields, header: { clientId: d.frame.clientId, transactionId: d.frame.transactionId } };
  });
  // Encoding what was decoded must give the frame back: the bench measures real work.
  for (const [i, d] of decoded.entries()) {
    const again = encodeMessage(d.svc, d.msg, d.kind, d.fields as never, d.header as never);
    if (!decodeBytes(again).ok) throw new Error(`bench frame ${i} does not re-encode`);
  }
  const warm = Math.max(50, minMs / 4);
  rate(FRAMES, (f) => decodeBytes(f).ok, warm);
  const qmiDecodeFramesPerSec = rate(FRAMES, (f) => decodeBytes(f).ok, minMs);
  rate(decoded, (d) => encodeMessage(d.svc, d.msg, d.kind, d.fields as never, d.header as never).length > 0, warm);
  const qmiEncodeFramesPerSec = rate(decoded, (d) => encodeMessage(d.svc, d.msg, d.kind, d.fields as never, d.header as never).length > 0, minMs);
  rate(FRAMES, (f) => readAll(f) !== 0, warm);
  const qmiReadFramesPerSec = rate(FRAMES, (f) => readAll(f) !== 0, minMs);

  const at = AT_EXCHANGES.map(([c, r]) => [c, Buffer.from(r, 'latin1')] as const);
  const linesPerRound = at.reduce((n, x) => n + atExchange(x), 0);
  rate(at, (x) => atExchange(x) > 0, warm);
  const atExchangesPerSec = rate(at, (x) => atExchange(x) > 0, minMs);
  const atParseLinesPerSec = (atExchangesPerSec / at.length) * linesPerRound;
  rate(at, ([, b]) => readAll(b) !== 0, warm);
  const atReadLinesPerSec = (rate(at, ([, b]) => readAll(b) !== 0, minMs) / at.length) * linesPerRound;
  return {
    frameBytes: FRAMES.map((f) => f.length),
    qmiDecodeFramesPerSec, qmiEncodeFramesPerSec, qmiReadFramesPerSec,
    qmiDecodeVsRead: qmiDecodeFramesPerSec / qmiReadFramesPerSec,
    qmiEncodeVsRead: qmiEncodeFramesPerSec / qmiReadFramesPerSec,
    atParseLinesPerSec, atReadLinesPerSec, atParseVsRead: atParseLinesPerSec / atReadLinesPerSec,
  };
}
