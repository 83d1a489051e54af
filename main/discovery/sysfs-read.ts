// Reading sysfs the one way that also works under umockdev's fake /sys: opendir, readlink and
// readFile. umockdev's preload library redirects those calls but not the ones libuv makes for
// fs.readdir and fs.stat, which fail there with ENOENT; and realpath() of a /dev node crashes
// umockdev 0.17.16. So this module never calls readdir, stat or realpath.
//
// Attribute values end with a newline from the kernel and without one under umockdev: always trimmed.

import fs from 'node:fs';
import path from 'node:path';

export interface DirEntry {
  name: string;
  /** A real directory (not a symlink to one). */
  dir: boolean;
  link: boolean;
}

/** The entries of a directory, [] when it is missing or unreadable. */
export function listDir(dir: string): DirEntry[] {
  let handle: fs.Dir;
  try {
    handle = fs.opendirSync(dir);
  } catch {
    return [];
  }
  const out: DirEntry[] = [];
  try {
    for (let e = handle.readSync(); e !== null; e = handle.readSync()) {
      out.push({ name: e.name, dir: e.isDirectory(), link: e.isSymbolicLink() });
    }
  } catch {
    // a device removed while we read it: what we have is what there was
  } finally {
    handle.closeSync();
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/** A sysfs attribute, trimmed; undefined when missing or unreadable. */
export function readAttr(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'latin1').trim();
  } catch {
    return undefined;
  }
}

/** The target of a symlink as written (relative or absolute), undefined when it is not one. */
export function readLink(file: string): string | undefined {
  try {
    return fs.readlinkSync(file);
  } catch {
    return undefined;
  }
}

/** The last component of a symlink's target: the driver or subsystem name it points at. */
export function linkName(file: string): string | undefined {
  const t = readLink(file);
  return t === undefined ? undefined : path.basename(t);
}

/** A symlink's target made absolute against its own directory, without touching the filesystem. */
export function resolveLink(file: string): string | undefined {
  const t = readLink(file);
  return t === undefined ? undefined : path.resolve(path.dirname(file), t);
}

/** KEY=value lines of a uevent file; {} when missing. */
export function readUevent(dir: string): Record<string, string> {
  const text = readAttr(path.join(dir, 'uevent'));
  const out: Record<string, string> = {};
  if (text === undefined) return out;
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** A hexadecimal attribute (idVendor, bInterfaceClass...) as a number; undefined when absent or not hex. */
export function readHex(file: string): number | undefined {
  const v = readAttr(file);
  return v !== undefined && /^[0-9a-fA-F]+$/.test(v) ? parseInt(v, 16) : undefined;
}

/** A decimal attribute (busnum, devnum) as a number. */
export function readDec(file: string): number | undefined {
  const v = readAttr(file);
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}
