// Hex text to bytes, chunk by chunk, for a stream that may be cut anywhere (mid-byte, mid-line):
// whitespace and the separators people and tools put between bytes (: , -) are skipped, a "0x"
// prefix is allowed, anything else is reported with its line and column and skipped. Remembers
// on which input line each byte sat, so a frame found later can name its line.

export interface HexTextError { line: number; column: number; message: string }

const SEPARATOR = new Set([0x20, 0x09, 0x0d, 0x0a, 0x3a, 0x2c, 0x2d]); // space tab CR LF : , -

function nibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

export class HexStream {
  private line = 1;
  private column = 0;
  /** A high nibble waiting for its low one (-1: none). */
  private high = -1;
  private highLine = 1;
  private highColumn = 0;
  /** The previous character was a separator (or the start): a "0x" may begin here. */
  private atTokenStart = true;
  /** The waiting high nibble is a 0 that began a token: an "x" next makes it a 0x prefix. */
  private prefixPossible = false;
  private bytesOut = 0;
  /** [first byte offset, line] for each line that produced bytes, in order. */
  private readonly lines: number[][] = [];

  push(chunk: Uint8Array): { bytes: Buffer; errors: HexTextError[] } {
    const out = Buffer.alloc(Math.ceil(chunk.length / 2) + 1);
    let n = 0;
    const errors: HexTextError[] = [];
    let badRun: HexTextError | undefined;
    for (const c of chunk) {
      this.column++;
      if (c === 0x0a) { this.line++; this.column = 0; }
      if (SEPARATOR.has(c)) { this.atTokenStart = true; badRun = undefined; continue; }
      const v = nibble(c);
      if (v < 0) {
        // "0x" at the start of a token: the 0 was a prefix, not a nibble.
        if ((c === 0x78 || c === 0x58) && this.high === 0 && this.prefixPossible) { this.high = -1; this.prefixPossible = false; continue; }
        if (!badRun) {
          badRun = { line: this.line, column: this.column, message: `not a hex digit at line ${this.line}, column ${this.column}: skipped` };
          errors.push(badRun);
        }
        this.atTokenStart = false;
        continue;
      }
      badRun = undefined;
      if (this.high < 0) {
        this.prefixPossible = this.atTokenStart && v === 0;
        this.high = v;
        this.highLine = this.line;
        this.highColumn = this.column;
      } else {
        const last = this.lines[this.lines.length - 1];
        if (!last || last[1] !== this.highLine) this.lines.push([this.bytesOut, this.highLine]);
        out[n++] = (this.high << 4) | v;
        this.bytesOut++;
        this.high = -1;
        this.prefixPossible = false;
      }
      this.atTokenStart = false;
    }
    return { bytes: out.subarray(0, n), errors };
  }

  /** At the end of input: a lone hex digit left over is reported, not dropped. */
  end(): HexTextError | undefined {
    if (this.high < 0) return undefined;
    this.high = -1;
    return { line: this.highLine, column: this.highColumn, message: `odd number of hex digits: a lone digit at line ${this.highLine}, column ${this.highColumn} ends the input` };
  }

  /** Forgets the line of bytes before `offset` (nothing will ask again): memory stays bounded
   *  however long the input. */
  forgetBefore(offset: number): void {
    let keep = 0;
    while (keep + 1 < this.lines.length && this.lines[keep + 1]![0]! <= offset) keep++;
    if (keep > 0) this.lines.splice(0, keep);
  }

  /** The input line on which the byte at this offset (counted over all bytes produced) began. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lines.length - 1;
    let found = 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.lines[mid]![0]! <= offset) { found = this.lines[mid]![1]!; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }
}
