// Which vendor's AT dialect a modem speaks, from its AT+CGMI answer: the vendor commands the AT
// probes add (Quectel +QPINC/+QCSQ/+QCFG, Sierra !CPINC/!GSTATUS/!USBCOMP, SIMCom +SPIC/+CPSI/
// +CUSBPIDSWITCH) are only sent to modems that answer to that name.

export type AtVendor = 'quectel' | 'sierra' | 'simcom' | 'other';

export function vendorOf(manufacturer: string | undefined): AtVendor {
  const m = (manufacturer ?? '').toLowerCase();
  if (m.includes('quectel')) return 'quectel';
  if (m.includes('sierra')) return 'sierra';
  if (m.includes('simcom') || m.includes('simtech')) return 'simcom';
  return 'other';
}
