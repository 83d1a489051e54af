// The bands the virtual modem supports and the one its cell is on: one list for DMS Get Band
// Capabilities, NAS Get System Selection Preference and NAS Get RF Band Information, so the
// three agree as they do on a real modem.

/** LTE bands the simulated modules support. */
export const LTE_BAND_LIST = [1, 3, 5, 7, 8, 20, 28, 38, 40, 41] as const;
/** The same as a mask (bit n-1 = band n), as QMI's LTE band TLVs carry it. */
export const LTE_BAND_MASK = LTE_BAND_LIST.reduce((m, b) => m | (1n << BigInt(b - 1)), 0n);
/** QmiDmsBandCapability / QmiNasBandPreference bits for GSM 900/1800 and WCDMA 2100/900/850. */
export const LEGACY_BAND_MASK = 0x2000000000680380n;

/** QmiNasActiveBand for LTE band n: EUTRAN bands 1..14 are 120..133 (libqmi qmi-enums-nas.h). */
export function activeBandClass(lteBand: number): number | null {
  return lteBand >= 1 && lteBand <= 14 ? 119 + lteBand : null;
}
