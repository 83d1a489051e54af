// An interface's packet and byte counters from sysfs (/sys/class/net/<iface>/statistics/, kernel
// Documentation/ABI/testing/sysfs-class-net-statistics), rooted like every sysfs read so the
// doctor reads a virtual modem's tree the same way. (kernel-counters.ts reads them through
// rtnetlink instead, for umockdev testbeds whose sysfs is fake but whose rtnetlink is real.)

import path from 'node:path';
import { KernelError } from './kernel-errors.ts';
import { netInterfaceDir, readAttribute, type SysfsOptions } from './kernel-sysfs.ts';

export interface SysfsCounters { rxBytes: number; txBytes: number; rxPackets: number; txPackets: number }

const FILES = { rxBytes: 'rx_bytes', txBytes: 'tx_bytes', rxPackets: 'rx_packets', txPackets: 'tx_packets' } as const;

/** The four counters; undefined when the interface has no statistics folder. */
export async function readSysfsCounters(iface: string, opts: SysfsOptions = {}): Promise<SysfsCounters | undefined> {
  const dir = path.join(netInterfaceDir(iface, opts), 'statistics');
  const out: Partial<SysfsCounters> = {};
  for (const [key, file] of Object.entries(FILES) as [keyof SysfsCounters, string][]) {
    const text = await readAttribute(path.join(dir, file));
    if (text === undefined) return undefined;
    if (!/^\d{1,20}$/.test(text)) throw new KernelError('bad-output', `${path.join(dir, file)} holds "${text.slice(0, 40)}", not a counter.`);
    out[key] = Number(text);
  }
  return out as SysfsCounters;
}
