// The device's identity over QMI DMS (libqmi data/qmi-service-dms.json): manufacturer, model,
// firmware revision, hardware revision and IMEI, read at the same time; USB ids from the target.

import { DMS } from '../../qmi/services/index.ts';
import type { DeviceFacts, Fact } from '../facts.ts';
import { EvidenceList, qmiRead, type ProbeContext } from './context.ts';

const PROBE = 'qmi-device';

export async function probeQmiDevice(ctx: ProbeContext): Promise<Fact<DeviceFacts> | undefined> {
  if (!ctx.open.qmi) return undefined;
  const [man, model, rev, hw, ids] = await Promise.all([
    qmiRead(ctx, PROBE, DMS, DMS.messages.getManufacturer),
    qmiRead(ctx, PROBE, DMS, DMS.messages.getModel),
    qmiRead(ctx, PROBE, DMS, DMS.messages.getRevision),
    qmiRead(ctx, PROBE, DMS, DMS.messages.getHardwareRevision),
    qmiRead(ctx, PROBE, DMS, DMS.messages.getIds),
  ]);
  const ev = new EvidenceList();
  [man, model, rev, hw, ids].forEach((r) => ev.add(r));
  if (ev.list.length === 0) return undefined;
  const usb = ctx.open.target.usb;
  const value: DeviceFacts = {
    ...(man?.fields.manufacturer ? { manufacturer: man.fields.manufacturer } : {}),
    ...(model?.fields.model ? { model: model.fields.model } : {}),
    ...(rev?.fields.revision ? { revision: rev.fields.revision } : {}),
    ...(hw?.fields.revision ? { hardwareRevision: hw.fields.revision } : {}),
    ...(ids?.fields.imei ? { imei: ids.fields.imei } : {}),
    ...(usb ? { usb: { vid: usb.vid, pid: usb.pid, ...(usb.vendorName ? { vendorName: usb.vendorName } : {}) } } : {}),
  };
  return { value, via: 'qmi', evidence: ev.list };
}
