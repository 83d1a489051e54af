// The shapes of the provider database as we index it, and of the suggestions we derive from it.
// Field names follow the database's elements (serviceproviders.2.dtd) so a reader can map them.

/** `<usage type="...">` values from the DTD; "unspecified" when an `<apn>` has no `<usage>`. */
export type ApnUsage = 'internet' | 'mms' | 'wap' | 'ia' | 'mms-internet-hipri' | 'mms-internet-hipri-fota' | 'unspecified';

export type ApnAuth = 'pap' | 'chap';

/** One `<apn>` element of a provider's `<gsm>` block. */
export interface DbApn {
  apn: string;
  usage: ApnUsage;
  /** `<plan type>`: prepaid / postpaid (zero or more). */
  plans: string[];
  /** `<name>`: the plan's label, e.g. "Non-business". */
  label?: string;
  username?: string;
  password?: string;
  auth?: ApnAuth;
  dns: string[];
  mmsc?: string;
  mmsproxy?: string;
}

export interface DbProvider {
  name: string;
  /** ISO country code of the enclosing `<country code>`. */
  country: string;
  /** `primary="true"`: the network's own provider; others on the same MCC/MNC are MVNOs. */
  primary?: boolean;
  networks: { mcc: string; mnc: string }[];
  apns: DbApn[];
  /** Position in the file: the database lists the usual choice first, so order breaks ties. */
  order: number;
}

export type DatabaseSourceKind = 'system' | 'bundled' | 'custom';

export interface ProviderIndex {
  source: { path: string; kind: DatabaseSourceKind };
  /** Key `${mcc}-${mnc}` with the digits as written in the database ("222-88", "310-410"). */
  byPlmn: ReadonlyMap<string, readonly DbProvider[]>;
  providerCount: number;
  apnCount: number;
  bytes: number;
  /** Wall time of read + parse + index, in milliseconds. */
  loadMs: number;
  /** Read back from the on-disk cache of an earlier parse (index-cache.ts). */
  fromCache?: boolean;
}

/** What we know about the SIM. MCC/MNC as digits ("222", "88", "010") or numbers. */
export interface SimIdentity {
  mcc: string | number;
  mnc: string | number;
  /** EF_GID1 as hex ("A0FF..."), when read. */
  gid1?: string;
  /** EF_SPN, the service provider name the SIM shows. */
  spn?: string;
}

export interface ApnSuggestion {
  apn: string;
  provider: string;
  usage: ApnUsage;
  label?: string;
  plans: string[];
  username?: string;
  /** Not enumerable: JSON.stringify, util.inspect and spreads leave it out, so it cannot reach a log. */
  readonly password?: string;
  /** True when the database has a password for this APN (the value itself is `password`). */
  hasPassword: boolean;
  auth?: ApnAuth;
  /** The database has no IP type; set-apn uses the modem's default (IPv4v6 or IPv4). */
  ipType?: 'ipv4' | 'ipv6' | 'ipv4v6';
  /** 1 = try first. */
  rank: number;
  /** Why it sits where it sits, in words a user can follow. */
  reasons: string[];
}

export interface ApnSuggestions {
  plmn: { mcc: string; mnc: string };
  suggestions: ApnSuggestion[];
  /** One sentence: why the first one is first, or why the list is empty. */
  summary: string;
  database: { path: string; kind: DatabaseSourceKind };
}
