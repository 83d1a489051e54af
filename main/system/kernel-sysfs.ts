// Reading the kernel's view of network interfaces from sysfs, rooted at an injectable folder so
// tests (and umockdev testbeds) can hand in a fixture tree. Only opendir, readlink and readFile
// are used: under umockdev, Node's readdir and stat by path do not see the testbed's /sys, and
// realpath of a /dev node crashes umockdev 0.17.16. Attribute values are trimmed: the kernel ends
// them with a newline, umockdev's do not.

import fs from 'node:fs';
import path from 'node:path';
import { KernelError, errnoOf } from './kernel-errors.ts';
import { interfaceNameProblem } from './net-interface-name.ts';

export interface SysfsOptions {
  /** Where sysfs is mounted; '/sys' unless a test or testbed says otherwise. */
  sysfsRoot?: string;
}

export function sysfsRoot(opts: SysfsOptions = {}): string {
  return opts.sysfsRoot ?? '/sys';
}

/** /sys/class/net/<iface>, after checking the name cannot leave that folder. */
export function netInterfaceDir(iface: string, opts: SysfsOptions = {}): string {
  const problem = interfaceNameProblem(iface);
  if (problem) throw new KernelError('bad-name', `"${iface}": ${problem}.`);
  return path.join(sysfsRoot(opts), 'class', 'net', iface);
}

/** An attribute's value, trimmed; undefined when it does not exist. Other errors are typed.
 *  Read synchronously: a network interface's attribute is a few bytes the kernel writes on the
 *  spot (no disk, no device round trip), and a diagnosis reads about ten of them. Through the
 *  thread pool each cost ~50 µs of the event loop's time in promise and FileHandle work, several
 *  times the read itself (measured with 16 modems diagnosed at once, where our event loop is the
 *  limit). The signature stays async for callers. */
export async function readAttribute(file: string): Promise<string | undefined> {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    const errno = errnoOf(e);
    if (errno === 'ENOENT' || errno === 'ENOTDIR') return undefined;
    throw new KernelError('io', `Could not read ${file}: ${errno ?? String(e)}.`, errno);
  }
}

/** Names in a folder (opendir, not readdir: see above); empty when the folder does not exist. */
export async function listFolder(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    const d = fs.opendirSync(dir);
    try {
      for (let e = d.readSync(); e !== null; e = d.readSync()) names.push(e.name);
    } finally {
      d.closeSync();
    }
  } catch (e) {
    const errno = errnoOf(e);
    if (errno === 'ENOENT' || errno === 'ENOTDIR') return [];
    throw new KernelError('io', `Could not list ${dir}: ${errno ?? String(e)}.`, errno);
  }
  return names.sort();
}

/** The last path element a symlink points at (a driver's name, a device's folder), if it is one. */
export async function linkTargetName(link: string): Promise<string | undefined> {
  try {
    return path.basename(fs.readlinkSync(link));
  } catch {
    return undefined;
  }
}
