// Line assembly: the modem's output arrives in arbitrary pieces (one byte at a time on a slow
// UART). Lines end at \r or \n; the echo ends at \r alone (S3), info text at \r\n.

// A DIAG port never sends a line end: do not buffer it forever. The offline splitter cuts lines
// at the same length, so a log gives the same lines as the port did.
export const MAX_LINE_BYTES = 4096;

export class LineAssembler {
  // The bytes of the line being read, as the pieces of the reads they came in (a 1 MB line
  // without an end must cost a scan, not a million array pushes), and how many there are.
  private pieces: Buffer[] = [];
  private held = 0;

  push(chunk: Buffer): string[] {
    const out: string[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x0d || byte === 0x0a) {
        this.keep(chunk, start, i);
        this.flush(out);
        start = i + 1;
      } else if (this.held + (i + 1 - start) >= MAX_LINE_BYTES) {
        this.keep(chunk, start, i + 1);
        this.flush(out);
        start = i + 1;
      }
    }
    this.keep(chunk, start, chunk.length);
    return out;
  }

  /** The bytes after the last line end, decoded: used to see a `> ` prompt that has no line end. */
  pending(): string {
    return decodeLine(Buffer.concat(this.pieces, this.held));
  }

  reset(): void {
    this.pieces = [];
    this.held = 0;
  }

  // A copy: the caller may reuse its read buffer.
  private keep(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.pieces.push(Buffer.from(chunk.subarray(from, to)));
    this.held += to - from;
  }

  private flush(out: string[]): void {
    if (this.held === 0) return;
    const text = decodeLine(Buffer.concat(this.pieces, this.held));
    this.reset();
    if (text.trim().length > 0) out.push(text);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

// UTF-8 when it is valid (some firmwares print operator names that way), else byte-for-byte.
function decodeLine(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

// Printable ASCII plus CR, LF and TAB: what an AT port sends. A port whose output is mostly
// other bytes is speaking a binary protocol (DIAG/QCDM).
export function isTextByte(b: number): boolean {
  return b === 0x0d || b === 0x0a || b === 0x09 || (b >= 0x20 && b < 0x7f);
}
