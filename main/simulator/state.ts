// The state of one virtual modem, as plain data. The QMI face, the AT face and the kernel side
// all read this one object (through ModemModel), so what AT says and what QMI says always agree.

export type PinState = 'ready' | 'pin-required' | 'puk-required' | 'blocked';
export type RegState = 'not-registered' | 'registered' | 'searching' | 'denied' | 'roaming';
export type Rat = 'lte' | 'umts' | 'gsm';
export type PdpType = 'ipv4' | 'ipv6' | 'ipv4v6';
export type LinkLayer = '802-3' | 'raw-ip';
export type OperatingMode = 'online' | 'low-power' | 'offline' | 'reset';
export type Autoconnect = 'disabled' | 'enabled' | 'paused';

export interface SimState {
  present: boolean;
  /** Whether PIN1 is enabled on the card (AT+CLCK "SC"). */
  pinEnabled: boolean;
  pinState: PinState;
  /** The card's PIN and PUK: secrets, never logged. */
  pin: string;
  puk: string;
  pinLeft: number;
  pukLeft: number;
  iccid: string;
  imsi: string;
  /** Home operator of the SIM (from the IMSI). */
  mcc: number;
  mnc: number;
  mncDigits: 2 | 3;
  /** EF GID1 (6F3E) and EF GID2 (6F3F) contents as hex (3GPP TS 31.102 §4.2.10/§4.2.11): the
   *  operator's group identifiers, which ModemManager reads and shows on its SIM object. */
  gid1: string;
  gid2: string;
}

export interface NetworkState {
  reg: RegState;
  /** The serving PLMN (meaningful when registered). */
  mcc: number;
  mnc: number;
  operatorName: string;
  rat: Rat;
  lac: number;
  tac: number;
  cellId: number;
  /** The serving cell's LTE band and downlink EARFCN (NAS Get RF Band Information). */
  lteBand: number;
  earfcn: number;
  /** APNs the network accepts; an empty APN is never accepted for a user-started call. */
  validApns: string[];
}

export interface SignalState {
  /** dBm */
  rssi: number;
  /** dB */
  rsrq: number;
  /** dBm */
  rsrp: number;
  /** dB */
  snr: number;
}

export interface IdentityState {
  manufacturer: string;
  model: string;
  revision: string;
  /** The board revision DMS Get Hardware Revision answers (mmcli's "hardware revision"). */
  hardwareRevision: string;
  imei: string;
  imeiSv: string;
  /** The USB iSerial string (sysfs "serial"): distinct per modem so a fleet can be told apart. */
  usbSerial: string;
}

export interface ApnProfile {
  index: number;
  name: string;
  pdpType: PdpType;
  apn: string;
  username: string;
  password: string;
  /** 0 none, 1 PAP, 2 CHAP, 3 PAP|CHAP */
  auth: number;
}

export interface DataFormatState {
  /** What the modem's WDA link layer is set to. */
  linkLayer: LinkLayer;
  /** The firmware only does raw-ip (Sierra MC7455): Set Data Format answers raw-ip regardless. */
  rawIpOnly: boolean;
  /** The kernel side (qmi_wwan /sys/class/net/wwan0/qmi/raw_ip): kept apart so a mismatch is representable. */
  kernelRawIp: boolean;
}

export interface ConnectionState {
  handle: number;
  profileIndex: number;
  apn: string;
  ipv4: string;
  gateway: string;
  subnet: string;
  dns1: string;
  dns2: string;
  mtu: number;
  /** Held by the modem's own autoconnect (no host-known handle). */
  byAutoconnect: boolean;
}

export interface ModemState {
  sim: SimState;
  network: NetworkState;
  signal: SignalState;
  identity: IdentityState;
  profiles: ApnProfile[];
  autoconnect: Autoconnect;
  dataFormat: DataFormatState;
  /** The current USB composition value (Quectel usbnet n, Sierra USBCOMP mask, SIMCom PID). */
  usbComposition: number;
  /** A composition written but only applied at the next reset. */
  pendingComposition: number | null;
  operatingMode: OperatingMode;
  /**
   * The AT+CFUN level behind low-power: 0 minimum functionality or 4 RF off. Both are QMI
   * low-power (only QMI offline is one-way), so the operating mode cannot tell them apart and
   * AT+CFUN? needs this; the level of the other modes follows from the mode (ModemModel.cfun).
   */
  lowPowerCfun: 0 | 4;
  connection: ConnectionState | null;
  /** AT+CTZU (3GPP TS 27.007 §8.41): whether the clock follows the network's time zone (NITZ). */
  autoTimeZone: boolean;
  /** Whether the GNSS engine runs (Quectel AT+QGPS=1 / AT+QGPSEND). */
  gnssOn: boolean;
  /** Counters the kernel side shows for wwan0. */
  stats: { rxBytes: number; txBytes: number; rxPackets: number; txPackets: number };
}

export function cloneState(s: ModemState): ModemState {
  return structuredClone(s);
}
