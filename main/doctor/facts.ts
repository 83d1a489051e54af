// What the doctor knows about one modem after probing it: plain data, serialisable, each fact
// with the exchanges it came from (seq numbers in the diagnosis's ExchangeLog, QMI and AT alike)
// so a finding can show why it says what it says. The probes (main/doctor/probes) fill this in;
// the rules (main/doctor/rules) read only this. A fact that could not be read is absent, and the
// reason is in `problems`; a rule never guesses from an absent fact.

import type { FindingId } from './finding-ids.ts';

/** Where a fact was read. */
export type FactSource = 'qmi' | 'at' | 'sysfs' | 'rtnetlink' | 'dbus' | 'proc' | 'usb' | 'database' | 'doctor';

export interface Fact<T> {
  value: T;
  via: FactSource;
  /** Exchange seq numbers (ExchangeLog) this fact was read from; [] for sysfs, D-Bus, /proc. */
  evidence: readonly number[];
}

/** Which ports the diagnosis used, and how each answered. */
export type PortAnswer = 'answered' | 'silent' | 'held' | 'denied' | 'absent' | 'failed';

export interface ReachFacts {
  qmi?: { path: string; answer: PortAnswer; via?: 'direct' | 'qmi-proxy'; detail?: string };
  /** Every AT candidate tried, in order; the first that answered is the one used. */
  at: { path: string; answer: PortAnswer; role?: string; detail?: string }[];
  /** The AT port chosen for the rest of the diagnosis. */
  atUsed?: string;
}

export interface DeviceFacts {
  manufacturer?: string;
  model?: string;
  revision?: string;
  hardwareRevision?: string;
  /** Full IMEI: masked in reports by default (main/report), never shown unmasked in findings. */
  imei?: string;
  usb?: {
    vid: number; pid: number; vendorName?: string; composition?: string;
    /** What the USB id says the device is running (discovery's ModemMode): 'storage' is the
     *  installer CD-ROM waiting for usb_modeswitch, 'boot' / 'emergency-download' a boot loader. */
    mode?: 'modem' | 'storage' | 'boot' | 'emergency-download';
    /** Discovery's words for a non-modem mode: what it is and what to do. */
    modeExplanation?: string;
  };
}

export type SimState = 'ready' | 'pin-required' | 'puk-required' | 'blocked' | 'absent' | 'not-ready' | 'unknown';

export interface SimFacts {
  state: SimState;
  pinEnabled?: boolean;
  pinLeft?: number;
  pukLeft?: number;
  /** Identity: only once the SIM is readable (after the PIN). Masked in reports by default. */
  iccid?: string;
  imsi?: string;
  /** The SIM's home network, from the IMSI (MNC length from EF AD when known). */
  mcc?: number;
  mnc?: number;
  mncDigits?: 2 | 3;
  gid1?: string;
  spn?: string;
}

export type OperatingMode = 'online' | 'low-power' | 'offline' | 'factory-test' | 'reset' | 'shutting-down' | 'persistent-low-power' | 'mode-only-low-power' | 'unknown';

export interface RadioFacts {
  mode: OperatingMode;
  /** AT+CFUN level when read over AT. */
  cfun?: number;
  /** Why the radio is off when the modem says so (QMI DMS hardware-restricted / FCC lock). */
  hardwareRestricted?: boolean;
}

export type RegistrationState = 'registered' | 'roaming' | 'searching' | 'not-registered' | 'denied' | 'unknown';
export type RadioTech = 'lte' | 'umts' | 'gsm' | '5g' | 'cdma' | 'unknown';

export interface RegistrationFacts {
  state: RegistrationState;
  mcc?: number;
  mnc?: number;
  operatorName?: string;
  rat?: RadioTech;
  lac?: number;
  tac?: number;
  cellId?: number;
  /** 3GPP reject cause (TS 24.008 / 24.301) when the network said one. */
  rejectCause?: number;
}

export interface SignalFacts {
  rat?: RadioTech;
  /** dBm */
  rssi?: number;
  /** dBm (LTE) */
  rsrp?: number;
  /** dB (LTE) */
  rsrq?: number;
  /** dB (LTE SNR / SINR) */
  snr?: number;
  /** One word for people: from RSRP/SNR on LTE, RSSI elsewhere. */
  quality: 'excellent' | 'good' | 'fair' | 'poor' | 'none';
}

export type PdpTypeFact = 'ipv4' | 'ipv6' | 'ipv4v6' | 'unknown';

export interface ApnProfileFact {
  index: number;
  apn: string;
  name?: string;
  pdpType: PdpTypeFact;
  auth?: 'none' | 'pap' | 'chap' | 'pap-chap';
  username?: string;
  /** Never the password itself. */
  hasPassword: boolean;
}

export interface ProfilesFacts {
  profiles: ApnProfileFact[];
  /** The profile a data call uses when none is named (WDS default profile / CID 1). */
  defaultIndex: number;
}

export interface AutoconnectFacts {
  setting: 'enabled' | 'disabled' | 'paused' | 'unknown';
  /** The data session is up and not ours: the modem's autoconnect (or another program) holds it. */
  bearerHeld: boolean;
}

export interface SessionSettings {
  ipv4?: string;
  gateway?: string;
  subnet?: string;
  dns?: string[];
  mtu?: number;
}

export interface ConnectionFacts {
  up: boolean;
  /** The verbose end reason of the last failed call, in words, with its type/code. */
  lastFailure?: { type: string; reason: number; text: string; cause3gpp?: number; apn?: string };
  settings?: SessionSettings;
}

export type LinkLayer = 'raw-ip' | '802-3';

export interface DataFormatFacts {
  /** WDA Get Data Format (the modem's side). */
  modem?: LinkLayer;
  /** The firmware accepts only raw-ip (Set Data Format answers raw-ip whatever is asked). */
  modemRawIpOnly?: boolean;
  /** qmi_wwan's /sys/class/net/<iface>/qmi/raw_ip (the kernel's side). */
  kernel?: LinkLayer;
  iface?: string;
  linkUp?: boolean;
  /** Interface counters when readable: "TX grows, RX stays 0" is the mismatch's signature. */
  counters?: { rxPackets: number; txPackets: number; rxBytes: number; txBytes: number };
}

export interface UsbModeFacts {
  /** The vendor's composition value (Quectel usbnet n, Sierra USBCOMP, SIMCom PID). */
  value: number;
  label?: string;
  /** Whether this composition has the QMI network function (rmnet). */
  hasQmi: boolean;
  /** The value to switch to for QMI, when known. */
  qmiValue?: number;
  /** A value written but applied only at the next reset. */
  pending?: number;
}

export interface PortFacts {
  path: string;
  role?: string;
  driver?: string;
  /** Processes holding it open (from /proc), by name and pid. */
  owners: { pid: number; command: string }[];
  /** Whether this user may open it; why not, and the fix, when not. */
  access: { ok: boolean; reason?: string; fix?: string };
  /** ModemManager claims it, with this port type. */
  modemManagerType?: string;
}

export interface ModemManagerFact {
  running: boolean;
  version?: string;
  pid?: number;
  /** MM lists this modem: its object path and state. */
  modem?: { path: string; state?: string; ports: string[] };
}

export interface ApnSuggestionFact {
  apn: string;
  provider: string;
  usage: string;
  username?: string;
  /** Why it is ranked where it is. */
  reason: string;
}

/** What an imported log showed (main/doctor/log-import's observations, as the rules read them). */
export interface ImportedObservation {
  finding: FindingId | string;
  text: string;
  values?: Record<string, unknown>;
  /** The log's own verdict and words, kept for findings the live rules have no facts for. */
  severity?: 'error' | 'warning' | 'info';
  title?: string;
  /** The log lines (1-based, as imported) that show it. */
  lines?: { n: number; text: string }[];
}

/** A probe that could not read what it reads: the report shows these, rules never guess. */
export interface ProbeProblem {
  probe: string;
  message: string;
  evidence: readonly number[];
}

export interface Facts {
  reach: Fact<ReachFacts>;
  device?: Fact<DeviceFacts>;
  sim?: Fact<SimFacts>;
  radio?: Fact<RadioFacts>;
  registration?: Fact<RegistrationFacts>;
  signal?: Fact<SignalFacts>;
  profiles?: Fact<ProfilesFacts>;
  autoconnect?: Fact<AutoconnectFacts>;
  connection?: Fact<ConnectionFacts>;
  dataFormat?: Fact<DataFormatFacts>;
  usbMode?: Fact<UsbModeFacts>;
  ports?: Fact<PortFacts[]>;
  modemManager?: Fact<ModemManagerFact>;
  apnSuggestions?: Fact<ApnSuggestionFact[]>;
  /** From an imported log: findings a log alone can show (decoder-byte-shift...). */
  imported?: Fact<ImportedObservation[]>;
  problems: ProbeProblem[];
}

export type FactName = Exclude<keyof Facts, 'problems'>;
