// Why a modem's interface stays silent, told from its counters (read through rtnetlink:
// kernel-counters.ts). Packets went out and not one came back: the modem drops what the kernel
// sends, which with a session up means the two ends frame packets differently (qmi_wwan's raw_ip
// against the modem's WDA link layer: the kernel's Documentation/ABI/testing/sysfs-class-net-qmi).

import { sendsButNeverReceives, type Counters } from './kernel-counters.ts';

export interface SilenceExplanation {
  /** The doctor's finding this points to. */
  suggests: 'data-format-mismatch';
  message: string;
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * The explanation when `growth` (counters' growth while a client was talking, counterGrowth())
 * shows packets sent and none received; undefined when something came back or nothing was sent.
 */
export function explainSilence(iface: string, growth: Counters): SilenceExplanation | undefined {
  if (!sendsButNeverReceives(growth)) return undefined;
  return {
    suggests: 'data-format-mismatch',
    message: `${iface}: TX ${plural(growth.txPackets, 'packet')}, RX 0: the modem is dropping what the kernel sends — `
      + 'data formats disagree (the kernel\'s raw-ip setting and the modem\'s link layer must match).',
  };
}
