// Vendor names for USB devices the device table does not know, from the USB ID Repository's
// usb.ids: the system's copy (Debian's hwdata / usb.ids packages) when there is one, else the
// vendor lines shipped in data/usb-vendors.ids (licence in data/usb-vendors.LICENSE).

import fs from 'node:fs';

export const SYSTEM_USB_IDS = ['/usr/share/hwdata/usb.ids', '/usr/share/misc/usb.ids', '/usr/share/usb.ids', '/var/lib/usbutils/usb.ids'];
const SHIPPED = new URL('./data/usb-vendors.ids', import.meta.url);

/** Vendor lines ("1199  Sierra Wireless, Inc.": four hex digits, two spaces, the name) -> map. */
export function parseUsbIdsVendors(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{4}) {2}(.+)$/.exec(line);
    if (m) out.set(parseInt(m[1]!, 16), m[2]!.trim());
    // The class list that follows the vendors starts with "C ": nothing after it is a vendor.
    else if (line.startsWith('C ')) break;
  }
  return out;
}

export interface VendorNames {
  name(vid: number): string | undefined;
  /** Which file the names came from. */
  source: string;
}

let cached: VendorNames | undefined;

/** Loads the first readable file of `files` (the system's, then the shipped copy). */
export function loadVendorNames(files: readonly (string | URL)[] = [...SYSTEM_USB_IDS, SHIPPED]): VendorNames {
  for (const f of files) {
    let text: string;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    const map = parseUsbIdsVendors(text);
    if (map.size > 0) return { name: (vid) => map.get(vid), source: f instanceof URL ? 'shipped usb-vendors.ids' : f };
  }
  return { name: () => undefined, source: 'none' };
}

/** The vendor's name from usb.ids, or undefined. */
export function usbVendorName(vid: number): string | undefined {
  cached ??= loadVendorNames();
  return cached.name(vid);
}
