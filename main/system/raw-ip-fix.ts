// Changing qmi_wwan's framing the only way the kernel allows: link down, write raw_ip, link up
// again (drivers/net/usb/qmi_wwan.c refuses a change on a running interface with EBUSY). Each
// step goes through the privileged helper; polkit's auth_admin_keep makes it one password.
// If the write fails after the link went down, the link is brought back up before the error
// is reported, so a failed fix leaves the interface as it was.
//
// setRawIp writes the attribute itself when this process may (root, or a sysfs tree that is
// ours: the virtual modem's, a test's fixture), and asks the helper otherwise.

import fs from 'node:fs';
import { KernelError } from './kernel-errors.ts';
import { readLinkState } from './kernel-link.ts';
import { rawIpPath, readRawIp, writeRawIp, type RawIpMode } from './kernel-raw-ip.ts';
import type { SysfsOptions } from './kernel-sysfs.ts';
import { runHelperVerb, type HelperClientOptions, type HelperRequest, type HelperResult } from './helper-client.ts';

export interface RawIpFix {
  iface: string;
  previous: RawIpMode | undefined;
  mode: RawIpMode;
  /** Each helper call made, in order. */
  steps: HelperResult[];
  /** Whether raw_ip was written by this process or by the helper. */
  via?: 'direct' | 'helper';
}

export interface RawIpFixOptions extends HelperClientOptions, SysfsOptions {
  /** Runs a helper verb (default runHelperVerb with these options; tests hand in their own). */
  runHelper?: (req: HelperRequest) => Promise<HelperResult>;
}

function helperOf(opts: RawIpFixOptions): (req: HelperRequest) => Promise<HelperResult> {
  return opts.runHelper ?? ((req) => runHelperVerb(req, opts));
}

export async function setRawIpWithLinkCycle(iface: string, mode: RawIpMode, opts: RawIpFixOptions = {}): Promise<RawIpFix> {
  const helper = helperOf(opts);
  const previous = await readRawIp(iface, opts);
  const steps: HelperResult[] = [];
  if (previous === mode) return { iface, previous, mode, steps };
  const wasUp = (await readLinkState(iface, opts)).adminUp === true;
  if (wasUp) steps.push(await helper({ verb: 'link-down', iface }));
  try {
    steps.push(await helper({ verb: 'set-raw-ip', iface, mode }));
  } catch (e) {
    // Put the link back as it was; the error worth reporting is the first one.
    if (wasUp) await helper({ verb: 'link-up', iface }).catch(() => undefined);
    throw e;
  }
  if (wasUp) steps.push(await helper({ verb: 'link-up', iface }));
  return { iface, previous, mode, steps, via: 'helper' };
}

async function writable(file: string): Promise<boolean> {
  try {
    await fs.promises.access(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether the interface is administratively up; a tree without link files (a fixture) is down. */
async function adminUp(iface: string, opts: SysfsOptions): Promise<boolean> {
  try {
    return (await readLinkState(iface, opts)).adminUp === true;
  } catch (e) {
    if (e instanceof KernelError && e.code === 'not-found') return false;
    throw e;
  }
}

/** raw_ip set to `mode`, link cycled if it was up: written directly when we may, else by the helper. */
export async function setRawIp(iface: string, mode: RawIpMode, opts: RawIpFixOptions = {}): Promise<RawIpFix> {
  if (!(await writable(rawIpPath(iface, opts)))) return setRawIpWithLinkCycle(iface, mode, opts);
  const helper = helperOf(opts);
  const previous = await readRawIp(iface, opts);
  const steps: HelperResult[] = [];
  if (previous === mode) return { iface, previous, mode, steps, via: 'direct' };
  const wasUp = await adminUp(iface, opts);
  if (wasUp) steps.push(await helper({ verb: 'link-down', iface }));
  try {
    await writeRawIp(iface, mode, opts);
  } catch (e) {
    if (wasUp) await helper({ verb: 'link-up', iface }).catch(() => undefined);
    throw e;
  }
  if (wasUp) steps.push(await helper({ verb: 'link-up', iface }));
  return { iface, previous, mode, steps, via: 'direct' };
}
