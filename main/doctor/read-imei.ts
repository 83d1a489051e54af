// The modem's IMEI, read the cheapest way it can be: QMI DMS Get IDs (libqmi
// data/qmi-service-dms.json), else AT+CGSN (3GPP TS 27.007 §5.4). Undo uses it to make sure a
// record is put back on the modem it was made on.

import { DMS } from '../qmi/services/index.ts';
import type { OpenModem } from './open-modem.ts';

export async function readImei(open: OpenModem): Promise<string | undefined> {
  if (open.qmi) {
    try {
      const r = await open.qmi.request(DMS, DMS.messages.getIds, {});
      if (r.ok && r.fields.imei) return r.fields.imei;
    } catch { /* fall through to AT */ }
  }
  if (open.at) {
    try {
      const r = await open.at.send('AT+CGSN');
      const line = r.ok ? r.lines.map((l) => l.replace(/^\+CGSN:\s*/, '').replace(/"/g, '').trim()).find((l) => /^\d{14,16}$/.test(l)) : undefined;
      if (line) return line;
    } catch { /* unknown */ }
  }
  return undefined;
}
