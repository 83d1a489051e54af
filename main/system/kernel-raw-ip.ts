// qmi_wwan's framing switch, /sys/class/net/<iface>/qmi/raw_ip: 'N' (the default) makes the
// interface an Ethernet device exchanging 802.3 frames with the modem, 'Y' a headerless
// point-to-point device exchanging bare IP packets (kernel Documentation/ABI/testing/
// sysfs-class-net-qmi). It must match what the modem sends (WDA Get Data Format), else TX grows
// while RX stays at 0.
//
// The kernel refuses to change it while the interface is up: raw_ip_store() in
// drivers/net/usb/qmi_wwan.c returns -EBUSY ("Cannot change a running device"). We check the
// link first and say so in words, and explain an EBUSY that comes back anyway.

import fs from 'node:fs';
import path from 'node:path';
import { KernelError, errnoOf } from './kernel-errors.ts';
import { readLinkState } from './kernel-link.ts';
import { netInterfaceDir, readAttribute, type SysfsOptions } from './kernel-sysfs.ts';

export type RawIpMode = 'Y' | 'N';

export function rawIpPath(iface: string, opts: SysfsOptions = {}): string {
  return path.join(netInterfaceDir(iface, opts), 'qmi', 'raw_ip');
}

/** What the kernel says for an EBUSY on raw_ip, in words a person can act on. */
export function explainRawIpBusy(iface: string): string {
  return `The kernel refused to change raw_ip on ${iface} because the interface is up (EBUSY: qmi_wwan ` +
    `does not change the framing of a running interface). Bring the link down first ` +
    `(ip link set dev ${iface} down), change raw_ip, then bring it up again.`;
}

/** Maps the errno of a failed raw_ip write to a typed error with the reason in words. */
export function rawIpWriteError(iface: string, e: unknown): KernelError {
  const errno = errnoOf(e);
  switch (errno) {
    case 'EBUSY': return new KernelError('busy', explainRawIpBusy(iface), errno);
    case 'EACCES':
    case 'EPERM': return new KernelError('permission', `Changing raw_ip on ${iface} needs root (${errno}); Modem Doctor asks its privileged helper to do it.`, errno);
    case 'ENOENT': return new KernelError('not-found', `${iface} has no qmi/raw_ip: it is not driven by qmi_wwan (or is gone).`, errno);
    case 'EINVAL': return new KernelError('invalid', `The kernel refused the raw_ip value for ${iface} (EINVAL; with pass_through set it cannot be cleared).`, errno);
    default: return new KernelError('io', `Could not write raw_ip on ${iface}: ${errno ?? String(e)}.`, errno);
  }
}

/** 'Y' or 'N'; undefined when the interface has no raw_ip (not qmi_wwan, or no such interface). */
export async function readRawIp(iface: string, opts: SysfsOptions = {}): Promise<RawIpMode | undefined> {
  const file = rawIpPath(iface, opts);
  const text = await readAttribute(file);
  if (text === undefined) return undefined;
  if (text !== 'Y' && text !== 'N') throw new KernelError('bad-output', `${file} holds "${text.slice(0, 40)}", expected Y or N.`);
  return text;
}

export interface RawIpChange {
  iface: string;
  previous: RawIpMode;
  current: RawIpMode;
  changed: boolean;
}

/** Writes raw_ip when it differs. Refuses, with the EBUSY explanation, while the link is up. */
export async function writeRawIp(iface: string, mode: RawIpMode, opts: SysfsOptions = {}): Promise<RawIpChange> {
  if (mode !== 'Y' && mode !== 'N') throw new KernelError('invalid', `raw_ip takes Y or N, not ${JSON.stringify(mode)}.`);
  const previous = await readRawIp(iface, opts);
  if (previous === undefined) throw rawIpWriteError(iface, { code: 'ENOENT' });
  if (previous === mode) return { iface, previous, current: mode, changed: false };
  const link = await readLinkState(iface, opts);
  if (link.adminUp) throw new KernelError('busy', explainRawIpBusy(iface), 'EBUSY');
  let handle: fs.promises.FileHandle | undefined;
  try {
    // O_WRONLY without O_CREAT/O_TRUNC: a sysfs attribute is written, never created.
    handle = await fs.promises.open(rawIpPath(iface, opts), fs.constants.O_WRONLY);
    await handle.write(`${mode}\n`, 0);
  } catch (e) {
    throw rawIpWriteError(iface, e);
  } finally {
    await handle?.close();
  }
  const current = await readRawIp(iface, opts);
  if (current !== mode) throw new KernelError('io', `raw_ip on ${iface} still reads ${current ?? 'nothing'} after writing ${mode}.`);
  return { iface, previous, current, changed: true };
}
