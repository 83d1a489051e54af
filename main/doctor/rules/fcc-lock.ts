// Laptop WWAN modules that ship "FCC locked": the radio stays off until the laptop vendor's
// unlock runs, and the module otherwise looks healthy. The doctor names them and the vendor's
// route; it never unlocks them itself (the unlock is the vendor's, tied to the laptop).
// ModemManager (>= 1.18) ships the vendors' unlock scripts in
// /usr/share/ModemManager/fcc-unlock.available.d/, named by USB vendor id (or vid:pid), and runs
// only those linked into /etc/ModemManager/fcc-unlock.d/ (its fcc-unlock documentation).

export interface FccRoute {
  vid: number;
  vendor: string;
  route: string;
}

const MM_LINK = (id: string): string => `link ModemManager's unlock script for it: sudo ln -s /usr/share/ModemManager/fcc-unlock.available.d/${id} /etc/ModemManager/fcc-unlock.d/${id}, then restart ModemManager`;

export const FCC_ROUTES: readonly FccRoute[] = [
  { vid: 0x105b, vendor: 'Foxconn (Lenovo and Dell laptops)', route: MM_LINK('105b') },
  { vid: 0x1eac, vendor: 'Quectel for Lenovo (EM05/EM120R/EM160R)', route: MM_LINK('1eac') },
  { vid: 0x413c, vendor: 'Dell (DW58xx)', route: MM_LINK('413c') },
  { vid: 0x2cb7, vendor: 'Fibocom for Lenovo (L860-GL, FM350)', route: 'install Lenovo\'s WWAN FCC unlock package for Linux (lenovo-wwan-unlock, from Lenovo\'s support site for the laptop), which adds the unlock to ModemManager' },
];

export function fccRouteFor(vid: number | undefined): FccRoute | undefined {
  return vid === undefined ? undefined : FCC_ROUTES.find((r) => r.vid === vid);
}
