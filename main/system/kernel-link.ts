// Link state of a network interface from sysfs: whether it is administratively up (IFF_UP in
// `flags`, what `ip link set up/down` changes, and what makes qmi_wwan refuse a raw_ip change)
// and its RFC 2863 operational state (`operstate`: up, down, dormant, unknown, lowerlayerdown...).
// Both can disagree: a qmi_wwan interface that is set up but has no data session is often
// "up" administratively with operstate "unknown".

import path from 'node:path';
import { KernelError } from './kernel-errors.ts';
import { netInterfaceDir, readAttribute, type SysfsOptions } from './kernel-sysfs.ts';

/** IFF_UP from include/uapi/linux/if.h. */
const IFF_UP = 0x1;

export const OPERSTATES = ['unknown', 'notpresent', 'down', 'lowerlayerdown', 'testing', 'dormant', 'up'] as const;
export type Operstate = (typeof OPERSTATES)[number];

export interface LinkState {
  name: string;
  /** IFF_UP; undefined when sysfs has no `flags` (a testbed that leaves it out). */
  adminUp: boolean | undefined;
  operstate: Operstate;
  /** ARPHRD type from `type`: 1 Ethernet (802.3 framing), 65534 none (qmi_wwan raw-ip). */
  arphrd: number | undefined;
}

function parseFlags(text: string | undefined, file: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^0x[0-9a-f]{1,8}$/i.test(text)) throw new KernelError('bad-output', `${file} holds "${text.slice(0, 40)}", not a hexadecimal flag word.`);
  return Number.parseInt(text, 16);
}

function parseOperstate(text: string | undefined): Operstate {
  return (OPERSTATES as readonly string[]).includes(text ?? '') ? (text as Operstate) : 'unknown';
}

export async function readLinkState(iface: string, opts: SysfsOptions = {}): Promise<LinkState> {
  const dir = netInterfaceDir(iface, opts);
  const operText = await readAttribute(path.join(dir, 'operstate'));
  if (operText === undefined) throw new KernelError('not-found', `There is no network interface called ${iface}.`, 'ENOENT');
  const flagsFile = path.join(dir, 'flags');
  const flags = parseFlags(await readAttribute(flagsFile), flagsFile);
  const typeText = await readAttribute(path.join(dir, 'type'));
  const arphrd = typeText !== undefined && /^\d{1,5}$/.test(typeText) ? Number(typeText) : undefined;
  return {
    name: iface,
    adminUp: flags === undefined ? (operText === 'up' ? true : undefined) : (flags & IFF_UP) !== 0,
    operstate: parseOperstate(operText),
    arphrd,
  };
}
