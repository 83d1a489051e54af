// Typed decode/encode errors. Decoders never throw anything else: every failure names where
// it happened (byte offset within the frame) and what was expected, in words a person can act on.

export type DecodeErrorCode =
  | 'too-short'            // fewer bytes than the field or header needs
  | 'bad-marker'           // first byte is not the QMUX marker 0x01
  | 'length-mismatch'      // QMUX length disagrees with the bytes present
  | 'sdu-too-short'        // QMUX length too small for the SDU header
  | 'tlv-length-mismatch'  // SDU TLV-area length disagrees with the QMUX length
  | 'tlv-header-overrun'   // a TLV header runs past the end of the frame
  | 'tlv-value-overrun'    // a TLV value runs past the end of the frame
  | 'tlv-too-short'        // a TLV is shorter than its declared format
  | 'bad-value'            // a value is outside what the format allows
  | 'unknown-message'      // service/message id not declared
  | 'bad-hex';             // input text is not an even-length hex string

export class QmiDecodeError extends Error {
  readonly code: DecodeErrorCode;
  /** Byte offset within the frame (or input) where the problem was found. */
  readonly offset: number;
  /** What the decoder expected to find there. */
  readonly expected: string;
  /** Inside a struct or array: the member being read, e.g. "lteSignalStrength.snr" or "list[2].rssi". */
  member?: string;

  constructor(code: DecodeErrorCode, offset: number, expected: string, message?: string) {
    super(message ?? `${expected} at offset ${offset}`);
    this.name = 'QmiDecodeError';
    this.code = code;
    this.offset = offset;
    this.expected = expected;
  }

  toJSON(): { code: DecodeErrorCode; message: string; offset: number; expected: string } {
    return { code: this.code, message: this.message, offset: this.offset, expected: this.expected };
  }
}

/** Raised when a value given to an encoder cannot be written in the declared format. */
export class QmiEncodeError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'QmiEncodeError';
    this.path = path;
  }
}
