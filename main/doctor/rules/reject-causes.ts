// Registration reject causes in words: 3GPP TS 24.008 §10.5.3.6 (MM/GMM) and TS 24.301 §9.9.3.9
// (EMM) share these numbers. What the cause means for the user comes after the name.

const CAUSES: Readonly<Record<number, string>> = {
  2: 'IMSI unknown in the home network: the SIM is not (or no longer) active; ask the provider',
  3: 'illegal SIM: the network rejects this SIM (authentication failed or it was reported stolen)',
  5: 'IMEI not accepted: the network does not allow this device',
  6: 'illegal device: the network rejects this device\'s IMEI',
  7: 'data (EPS/GPRS) services not allowed for this SIM',
  8: 'neither data nor voice services allowed for this SIM',
  11: 'this network (PLMN) is not allowed for the SIM: no roaming agreement, or a network the SIM may not use',
  12: 'this area (location / tracking area) is not allowed',
  13: 'roaming not allowed in this area',
  14: 'data services not allowed in this network',
  15: 'no suitable cells in this area',
  17: 'network failure',
  22: 'network congestion',
};

export function rejectCauseText(cause: number): string {
  return CAUSES[cause] ?? 'a reject cause without a common meaning';
}
