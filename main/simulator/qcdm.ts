// Qualcomm DIAG (QCDM) framing as the modem's DIAG port speaks it: a command's bytes, then a
// CRC-16 (the HDLC FCS: reflected CCITT polynomial 0x8408, initial 0xffff, complemented,
// little-endian), with 0x7d and 0x7e escaped as 0x7d, byte ^ 0x20, and 0x7e ending the frame
// (RFC 1662 §4.2 and Appendix C; the same framing libqcdm's utils.c implements for ModemManager).
// Only what a host sends to detect a DIAG port is answered: Version Info (command 0x00).

export const QCDM_FLAG = 0x7e;
const ESCAPE = 0x7d;

export const DIAG_CMD_VERSION_INFO = 0x00;
/** The answer to a command the port does not know: 0x13 followed by the request (DIAG_CMD_BAD_CMD). */
export const DIAG_CMD_BAD_CMD = 0x13;

/** The HDLC frame check sequence of RFC 1662 Appendix C. */
export function fcs16(data: Uint8Array): number {
  let crc = 0xffff;
  for (const b of data) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return ~crc & 0xffff;
}

/** A command or response as it goes on the wire: payload + FCS, escaped, then the flag. */
export function encodeQcdmFrame(payload: Uint8Array): Buffer {
  const crc = fcs16(payload);
  const raw = [...payload, crc & 0xff, crc >>> 8];
  const out: number[] = [];
  for (const b of raw) {
    if (b === ESCAPE || b === QCDM_FLAG) out.push(ESCAPE, b ^ 0x20);
    else out.push(b);
  }
  out.push(QCDM_FLAG);
  return Buffer.from(out);
}

export type QcdmDecodeResult = { ok: true; payload: Buffer } | { ok: false; reason: string };

/** One frame's bytes between flags (flag excluded) -> its payload, checked. */
export function decodeQcdmFrame(escaped: Uint8Array): QcdmDecodeResult {
  const raw: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    const b = escaped[i]!;
    if (b === ESCAPE) {
      const next = escaped[i + 1];
      if (next === undefined) return { ok: false, reason: 'frame ends inside an escape' };
      raw.push(next ^ 0x20);
      i++;
    } else {
      raw.push(b);
    }
  }
  if (raw.length < 3) return { ok: false, reason: `frame of ${raw.length} bytes is shorter than a command and its CRC` };
  const payload = Buffer.from(raw.slice(0, -2));
  const crc = raw[raw.length - 2]! | (raw[raw.length - 1]! << 8);
  if (crc !== fcs16(payload)) return { ok: false, reason: `CRC 0x${crc.toString(16)} does not match 0x${fcs16(payload).toString(16)}` };
  return { ok: true, payload };
}

/** Splits a byte stream at flags; keeps a partial frame for the next chunk. Empty frames (back-to-back flags) are skipped. */
export class QcdmFrameSplitter {
  private buf: number[] = [];
  push(chunk: Uint8Array): Buffer[] {
    const frames: Buffer[] = [];
    for (const b of chunk) {
      if (b === QCDM_FLAG) {
        if (this.buf.length) frames.push(Buffer.from(this.buf));
        this.buf = [];
      } else if (this.buf.length < 4096) {
        this.buf.push(b);
      }
    }
    return frames;
  }
}

const fixed = (text: string, n: number): number[] => [...Buffer.from(text.padEnd(n, ' ').slice(0, n), 'latin1')];

/**
 * The Version Info response (libqcdm's DMCmdVersionInfoRsp, 55 bytes): command code, compile
 * date[11] and time[8], release date[11] and time[8], model[8], then scm, CAI revision, mobile
 * model (u8 each), firmware revision (u16 LE), slot cycle index, MSM version, one reserved byte.
 */
export function versionInfoResponse(info: { compiled: Date; model: string }): Buffer {
  const d = info.compiled;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const date = `${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} ${d.getUTCFullYear()}`;
  const time = d.toISOString().slice(11, 19);
  return Buffer.from([DIAG_CMD_VERSION_INFO, ...fixed(date, 11), ...fixed(time, 8), ...fixed(date, 11), ...fixed(time, 8),
    ...fixed(info.model, 8), 0, 0, 0, 0, 0, 0, 0, 0]);
}
