// Changing qmi_wwan's framing the only way the kernel allows: link down, write raw_ip, link up
// again (drivers/net/usb/qmi_wwan.c refuses a change on a running interface with EBUSY). Each
// step goes through the privileged helper; polkit's auth_admin_keep makes it one password.
// If the write fails after the link went down, the link is brought back up before the error
// is reported, so a failed fix leaves the interface as it was.

import { readLinkState } from './kernel-link.ts';
import { readRawIp, type RawIpMode } from './kernel-raw-ip.ts';
import type { SysfsOptions } from './kernel-sysfs.ts';
import { runHelperVerb, type HelperClientOptions, type HelperResult } from './helper-client.ts';

export interface RawIpFix {
  iface: string;
  previous: RawIpMode | undefined;
  mode: RawIpMode;
  /** Each helper call made, in order. */
  steps: HelperResult[];
}

export async function setRawIpWithLinkCycle(iface: string, mode: RawIpMode, opts: HelperClientOptions & SysfsOptions = {}): Promise<RawIpFix> {
  const previous = await readRawIp(iface, opts);
  const steps: HelperResult[] = [];
  if (previous === mode) return { iface, previous, mode, steps };
  const wasUp = (await readLinkState(iface, opts)).adminUp === true;
  if (wasUp) steps.push(await runHelperVerb({ verb: 'link-down', iface }, opts));
  try {
    steps.push(await runHelperVerb({ verb: 'set-raw-ip', iface, mode }, opts));
  } catch (e) {
    // Put the link back as it was; the error worth reporting is the first one.
    if (wasUp) await runHelperVerb({ verb: 'link-up', iface }, opts).catch(() => undefined);
    throw e;
  }
  if (wasUp) steps.push(await runHelperVerb({ verb: 'link-up', iface }, opts));
  return { iface, previous, mode, steps };
}
