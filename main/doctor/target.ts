// Which modem a diagnosis or fix is about, and how to reach it: the control ports, the network
// interface and where sysfs is. Built from discovery (`list` finds it) or given by hand
// (`--qmi PATH --at PATH`, a virtual modem's ports). Plain data: it crosses every door.

export interface ModemTarget {
  /** Stable within a machine: the USB path (e.g. "1-1"), or "qmi:/dev/cdc-wdm0" when given by hand. */
  id: string;
  /** The QMI control port (/dev/cdc-wdmN or a PTY). */
  qmi?: string;
  /** AT candidates, best first (the device table's AT role first, then others to try). */
  at: string[];
  /** Ports the table says are NOT AT (NMEA, DIAG): never written to, named in wrong-at-port. */
  notAt?: { path: string; role: string }[];
  /** The qmi_wwan network interface (wwan0). */
  net?: string;
  /** Where sysfs is mounted: '/sys' unless a test or the virtual modem says otherwise. */
  sysfsRoot?: string;
  usb?: {
    vid: number; pid: number; vendorName?: string; model?: string; busPath?: string;
    /** What discovery says the USB id is running ('storage': the installer CD-ROM, 'boot'...). */
    mode?: 'modem' | 'storage' | 'boot' | 'emergency-download';
    /** Discovery's words for a mode other than 'modem'. */
    modeExplanation?: string;
    /** The composition as the device table names it ("rmnet (qmi)"). */
    composition?: string;
  };
  /** Go through qmi-proxy (alongside ModemManager) rather than opening the port directly. */
  viaProxy?: boolean;
}

/** The serialisable link between an open modem and what the user sees: masked where needed. */
export function targetLabel(t: ModemTarget): string {
  const model = t.usb?.model ?? (t.qmi ?? t.at[0] ?? t.id);
  return t.usb ? `${model} (${hex4(t.usb.vid)}:${hex4(t.usb.pid)})` : model;
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');
