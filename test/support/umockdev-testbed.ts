// Pulling a USB device out of a running umockdev testbed and putting it back, as the kernel
// would: its sysfs directory goes, with the bus and class links that point into it and its /dev
// nodes; on replug all of it comes back. umockdev-run keeps the testbed in $UMOCKDEV_DIR; the
// programs running under it see the change at their next look (no uevent is sent: umockdev's
// uevents would not reach libusb anyway, which is why discovery also looks at sysfs).
// This test process is not under umockdev, so plain fs calls see the testbed's real files.

import fs from 'node:fs';
import path from 'node:path';

interface SavedLink { at: string; target: string }

function walkLinks(dir: string, depth: number, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) out.push(p);
    else if (e.isDirectory() && depth > 0) walkLinks(p, depth - 1, out);
  }
}

function devNames(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) devNames(p, out);
    else if (e.name === 'uevent') {
      const m = /^DEVNAME=(.+)$/m.exec(fs.readFileSync(p, 'utf8'));
      if (m) out.push(m[1]!.replace(/^\/dev\//, ''));
    }
  }
}

/** Removes the device at `devicePath` (/devices/...) from the testbed; returns the replug. */
export function unplugFromTestbed(testbed: string, devicePath: string): () => void {
  const sysDev = path.join(testbed, 'sys', devicePath);
  const links: string[] = [];
  walkLinks(path.join(testbed, 'sys', 'bus'), 3, links);
  walkLinks(path.join(testbed, 'sys', 'class'), 2, links);
  const saved: SavedLink[] = [];
  for (const at of links) {
    const target = fs.readlinkSync(at);
    const abs = path.resolve(path.dirname(at), target);
    if (abs === sysDev || abs.startsWith(`${sysDev}/`)) saved.push({ at, target });
  }
  const names: string[] = [];
  devNames(sysDev, names);
  const nodes: SavedLink[] = [];
  for (const n of names) {
    const at = path.join(testbed, 'dev', n);
    try {
      nodes.push({ at, target: fs.readlinkSync(at) });
    } catch {
      // not a link (umockdev made a plain file): nothing to restore but the sysfs view
    }
  }
  const parked = path.join(testbed, `unplugged-${path.basename(sysDev)}`);
  fs.renameSync(sysDev, parked);
  for (const l of [...saved, ...nodes]) fs.rmSync(l.at, { force: true });
  return () => {
    fs.renameSync(parked, sysDev);
    for (const l of [...saved, ...nodes]) fs.symlinkSync(l.target, l.at);
  };
}
