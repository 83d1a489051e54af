// The kernel's side of a modem's network interface in one reading: the driver bound to it, its
// qmi_wwan framing (raw_ip) and its link state, all from sysfs (root injectable for tests and
// umockdev testbeds). Counters come separately through rtnetlink (kernel-counters.ts), because
// under umockdev sysfs is the testbed's but rtnetlink is the real kernel's.

import { netInterfaceDriver, listNetInterfaces } from './kernel-drivers.ts';
import { readLinkState, type LinkState } from './kernel-link.ts';
import { readRawIp, type RawIpMode } from './kernel-raw-ip.ts';
import type { SysfsOptions } from './kernel-sysfs.ts';
import { isValidInterfaceName } from './net-interface-name.ts';

export interface NetInterfaceFacts {
  name: string;
  /** qmi_wwan, cdc_mbim, cdc_ether...; undefined for virtual interfaces. */
  driver: string | undefined;
  /** Only qmi_wwan interfaces have one. */
  rawIp: RawIpMode | undefined;
  link: LinkState;
}

export async function inspectNetInterface(iface: string, opts: SysfsOptions = {}): Promise<NetInterfaceFacts> {
  const [driver, rawIp, link] = await Promise.all([netInterfaceDriver(iface, opts), readRawIp(iface, opts), readLinkState(iface, opts)]);
  return { name: iface, driver, rawIp, link };
}

/** Every interface in /sys/class/net (names the kernel could not have made are skipped). */
export async function inspectNetInterfaces(opts: SysfsOptions = {}): Promise<NetInterfaceFacts[]> {
  const names = (await listNetInterfaces(opts)).filter(isValidInterfaceName);
  return Promise.all(names.map((n) => inspectNetInterface(n, opts)));
}
