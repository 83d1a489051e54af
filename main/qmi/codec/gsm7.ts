// GSM 03.38 default alphabet, 7-bit packed. NAS operator names arrive this way when they are
// not UTF-8 (libqmi src/libqmi-glib/test/test-generated.c: "DE 00 32 00 05 49 76 3A 4C 06" carries
// "Iliad").

const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION: Record<number, string> = {
  0x0a: '\f', 0x14: '^', 0x28: '{', 0x29: '}', 0x2f: '\\', 0x3c: '[', 0x3d: '~', 0x3e: ']', 0x40: '|', 0x65: '€',
};

/** Unpacks 7-bit septets from bytes (LSB first) and maps them through the default alphabet. */
export function gsm7Unpack(b: Uint8Array): string {
  const count = Math.floor((b.length * 8) / 7);
  const septets: number[] = [];
  for (let i = 0; i < count; i++) {
    const bit = i * 7;
    const byte = bit >> 3;
    const shift = bit & 7;
    let v = (b[byte]! >> shift) & 0x7f;
    if (shift > 1 && byte + 1 < b.length) v |= (b[byte + 1]! << (8 - shift)) & 0x7f;
    septets.push(v);
  }
  // A final septet made only of fill bits is padding, not '@'.
  if (septets.length > 0 && septets.length * 7 > b.length * 8 - 7 && septets[septets.length - 1] === 0 && (b.length * 8) % 7 === 0) {
    septets.pop();
  }
  let out = '';
  for (let i = 0; i < septets.length; i++) {
    const s = septets[i]!;
    if (s === 0x1b && i + 1 < septets.length) {
      out += EXTENSION[septets[++i]!] ?? ' ';
    } else {
      out += BASIC[s] ?? '?';
    }
  }
  return out;
}
