// Line assembly: the modem's output arrives in arbitrary pieces (one byte at a time on a slow
// UART). Lines end at \r or \n; the echo ends at \r alone (S3), info text at \r\n.

// A DIAG port never sends a line end: do not buffer it forever. The offline splitter cuts lines
// at the same length, so a log gives the same lines as the port did.
export const MAX_LINE_BYTES = 4096;

export class LineAssembler {
  private partial: number[] = [];

  push(chunk: Buffer): string[] {
    const out: string[] = [];
    for (const byte of chunk) {
      if (byte === 0x0d || byte === 0x0a) {
        this.flush(out);
      } else {
        this.partial.push(byte);
        if (this.partial.length >= MAX_LINE_BYTES) this.flush(out);
      }
    }
    return out;
  }

  /** The bytes after the last line end, decoded: used to see a `> ` prompt that has no line end. */
  pending(): string {
    return decodeLine(Buffer.from(this.partial));
  }

  reset(): void {
    this.partial = [];
  }

  private flush(out: string[]): void {
    if (this.partial.length === 0) return;
    const text = decodeLine(Buffer.from(this.partial));
    this.partial = [];
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
