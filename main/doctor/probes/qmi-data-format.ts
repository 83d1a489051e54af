// The two sides of the data format: what the modem puts on the USB link (WDA Get Data Format,
// libqmi data/qmi-service-wda.json) and what the kernel expects (qmi_wwan's raw_ip, kernel
// Documentation/ABI/testing/sysfs-class-net-qmi), with the interface's link state and counters
// (TX growing while RX stays 0 is the mismatch's signature). sysfs is the target's root.

import { KernelError } from '../../system/kernel-errors.ts';
import { readLinkState } from '../../system/kernel-link.ts';
import { readRawIp } from '../../system/kernel-raw-ip.ts';
import { readSysfsCounters } from '../../system/kernel-statistics.ts';
import { WDA } from '../../qmi/services/index.ts';
import type { DataFormatFacts, Fact, LinkLayer } from '../facts.ts';
import { qmiRead, type ProbeContext } from './context.ts';

const PROBE = 'qmi-data-format';

/** Kernel reads that fail are problems, not exceptions. */
async function kernelRead<T>(ctx: ProbeContext, what: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    ctx.problems.push({ probe: PROBE, message: `${what}: ${e instanceof KernelError || e instanceof Error ? e.message : String(e)}`, evidence: [] });
    return undefined;
  }
}

export async function probeQmiDataFormat(ctx: ProbeContext): Promise<Fact<DataFormatFacts> | undefined> {
  const t = ctx.open.target;
  const sys = t.sysfsRoot ? { sysfsRoot: t.sysfsRoot } : {};
  const iface = t.net;
  const [wda, raw, link, counters] = await Promise.all([
    qmiRead(ctx, PROBE, WDA, WDA.messages.getDataFormat),
    iface ? kernelRead(ctx, `raw_ip of ${iface}`, () => readRawIp(iface, sys)) : undefined,
    iface ? kernelRead(ctx, `link state of ${iface}`, () => readLinkState(iface, sys)) : undefined,
    iface ? kernelRead(ctx, `counters of ${iface}`, () => readSysfsCounters(iface, sys)) : undefined,
  ]);
  const lp = wda?.fields.linkLayerProtocol;
  const modem: LinkLayer | undefined = lp === 'raw-ip' || lp === '802-3' ? lp : undefined;
  const kernel: LinkLayer | undefined = raw === 'Y' ? 'raw-ip' : raw === 'N' ? '802-3' : undefined;
  if (modem === undefined && kernel === undefined && !link) return undefined;
  const value: DataFormatFacts = {
    ...(modem ? { modem } : {}),
    ...(kernel ? { kernel } : {}),
    ...(iface ? { iface } : {}),
    ...(link?.adminUp !== undefined ? { linkUp: link.adminUp } : {}),
    ...(counters ? { counters } : {}),
  };
  return { value, via: wda ? 'qmi' : 'sysfs', evidence: wda ? [wda.request.seq, wda.response.seq] : [] };
}
