// The arithmetic behind the "byte-shift" garbage that uqmi printed on ARMv5 routers (2018:
// mtu 263644, ip 0.23.154.198, mcc 56832, mnc 22528), and its inverse.
//
// uqmi's generated decoders read QMI fields through plain pointer casts (uqmi data/gen-code.pl:
// `le32_to_cpu(*(uint32_t *) get_next(4))`), and a TLV's value can start at any address because
// every TLV header is 3 bytes. Before ARMv6 an unaligned word load does not fault: it loads the
// aligned word that contains the address and rotates it right by 8 × (address mod 4); an
// unaligned halfword load ignores address bit 0 (ARM Architecture Reference Manual, "unaligned
// data access", ARMv5 behaviour; Linux passes it through unless /proc/cpu/alignment fixes up).
//
// So for a value v at address A (frame buffer 4-aligned) with the bytes p1, p2, p3 before it:
//   u32, A ≡ 1 (mod 4):  (v & 0x00FFFFFF) | p1 << 24
//   u32, A ≡ 2:          (v & 0x0000FFFF) | (p2 | p1 << 8) << 16
//   u32, A ≡ 3:          (v & 0x000000FF) | (p3 | p2 << 8 | p1 << 16) << 8
//   u16, A odd:          p1 | (v & 0xFF) << 8                 (a plain one-byte-early read)
// For the first field of a TLV, p1 is the length's high byte (0), p2 the length's low byte (4 for
// a u32), p3 the TLV type — which is why the garbage has a recognisable shape. A plain
// "one byte early" read of a u32 would NOT give the reported numbers (MTU 1500 would read
// 0x0005DC00 = 384000, not 263644): the rotation does.

/** What an ARMv5 core loads for a little-endian u32 "at" addr (buffer offset = address). */
export function armv5LoadU32(buf: Uint8Array, addr: number): number {
  const base = addr & ~3;
  if (base < 0 || base + 4 > buf.length) throw new RangeError(`u32 load at ${addr} outside a ${buf.length}-byte buffer`);
  const word = ((buf[base] as number) | (buf[base + 1] as number) << 8 | (buf[base + 2] as number) << 16 | (buf[base + 3] as number) << 24) >>> 0;
  const rot = 8 * (addr & 3);
  return rot === 0 ? word : ((word >>> rot) | (word << (32 - rot))) >>> 0;
}

/** What an ARMv5 core loads for a little-endian u16 at addr (bit 0 of the address ignored). */
export function armv5LoadU16(buf: Uint8Array, addr: number): number {
  const base = addr & ~1;
  if (base < 0 || base + 2 > buf.length) throw new RangeError(`u16 load at ${addr} outside a ${buf.length}-byte buffer`);
  return (buf[base] as number) | (buf[base + 1] as number) << 8;
}

export type Alignment = 1 | 2 | 3;

/** The read value of a u32 that is the first field of a TLV (type, length 4) at address ≡ alignment. */
export function shiftedFirstU32(value: number, tlvType: number, alignment: Alignment): number {
  const len = 4;
  switch (alignment) {
    case 1: return (value & 0x00ffffff) >>> 0;
    case 2: return ((value & 0xffff) | len << 16) >>> 0;
    case 3: return ((value & 0xff) | (tlvType | len << 8) << 8) >>> 0;
  }
}

// ---------------------------------------------------------------- IPv4 helpers

export type Octets = [number, number, number, number];

export function parseIpv4(s: string): Octets | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const o = m.slice(1).map(Number) as Octets;
  return o.every((x) => x <= 255) ? o : undefined;
}

export const formatIpv4 = (o: readonly (number | undefined)[]): string => o.map((x) => (x === undefined ? '?' : String(x))).join('.');

const MASK_BYTES = new Set([0, 128, 192, 224, 240, 248, 252, 254, 255]);

/** A netmask: ones from the top, then zeros. */
export function isContiguousMask(o: Octets): boolean {
  let seenPartial = false;
  for (const b of o) {
    if (!MASK_BYTES.has(b)) return false;
    if (seenPartial && b !== 0) return false;
    if (b !== 255) seenPartial = true;
  }
  return true;
}
