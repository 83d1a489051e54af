// How to tell an MVNO's SIM from its host network's, where several providers share one MCC/MNC.
// serviceproviders.xml has no GID1 or SPN data (its DTD has no such element), so the few facts
// we use are declared here, each with its source. Android's carrier APN list
// (apns-full-conf.xml, as carried in AOSP device trees, e.g. GrapheneOS/device_google_redfin)
// marks MVNO entries with mvno_type="gid" (EF_GID1 starts with mvno_match_data, hex) or
// mvno_type="spn" (EF_SPN equals mvno_match_data). `provider` is the provider's <name> in
// serviceproviders.xml that the fact points at.
//
// Beyond these, the ranking still matches the SIM's SPN against every provider name in the
// database, which needs no table.

export interface MvnoDiscriminator {
  mcc: string;
  mnc: string;
  provider: string;
  /** EF_GID1 prefixes (hex, upper case) that mark this provider's SIMs. */
  gid1?: string[];
  /** EF_SPN values (compared case-insensitively) that mark this provider's SIMs. */
  spn?: string[];
  source: string;
}

export const MVNO_DISCRIMINATORS: readonly MvnoDiscriminator[] = [
  {
    mcc: '234', mnc: '15', provider: 'Asda Mobile', gid1: ['A0'],
    source: 'AOSP apns-full-conf.xml: "ASDA WAP" mcc 234 mnc 15 apn asdamobiles.co.uk, mvno_type gid, mvno_match_data A0',
  },
  {
    mcc: '234', mnc: '20', provider: 'Superdrug', gid1: ['0310'],
    source: 'AOSP apns-full-conf.xml: "Superdrug" mcc 234 mnc 20 apn superdrug.net, mvno_type gid, mvno_match_data 0310',
  },
  {
    mcc: '238', mnc: '01', provider: 'Telmore', spn: ['TELMORE'],
    source: 'AOSP apns-full-conf.xml: "Telmore Internet" mcc 238 mnc 01 apn internet, mvno_type spn, mvno_match_data TELMORE',
  },
];
