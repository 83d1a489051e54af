// The device's identity over QMI DMS (libqmi data/qmi-service-dms.json): manufacturer, model,
// firmware revision, hardware revision and IMEI, read at the same time; USB ids from the target.

import { DMS } from '../../qmi/services/index.ts';
import type { DeviceFacts, Fact } from '../facts.ts';
import { EvidenceList, qmiRead, type ProbeContext } from './context.ts';

const PROBE = 'qmi-device';

/** What discovery knows of the USB device: the whole device fact when QMI says nothing. */
function usbOf(ctx: ProbeContext): DeviceFacts['usb'] {
  const u = ctx.open.target.usb;
  if (!u) return undefined;
  return {
    vid: u.vid, pid: u.pid, ...(u.vendorName ? { vendorName: u.vendorName } : {}), ...(u.composition ? { composition: u.composition } : {}),
    ...(u.mode ? { mode: u.mode } : {}), ...(u.modeExplanation ? { modeExplanation: u.modeExplanation } : {}),
  };
}

export async function probeQmiDevice(ctx: ProbeContext): Promise<Fact<DeviceFacts> | undefined> {
  const usb = usbOf(ctx);
  if (!ctx.open.qmi) return usb ? { value: { ...(ctx.open.target.usb?.model ? { model: ctx.open.target.usb.model } : {}), usb }, via: 'usb', evidence: [] } : undefined;
  const [man, model, rev, hw, ids] = await Promise.all([
    qmiRead(ctx, PROBE, DMS, DMS.messages.getManufacturer),
    qmiRead(ctx, PROBE, DMS, DMS.messages.getModel),
    qmiRead(ctx, PROBE, DMS, DMS.messages.getRevision),
    qmiRead(ctx, PROBE, DMS, DMS.messages.getHardwareRevision),
    qmiRead(ctx, PROBE, DMS, DMS.messages.getIds),
  ]);
  const ev = new EvidenceList();
  [man, model, rev, hw, ids].forEach((r) => ev.add(r));
  if (ev.list.length === 0) return usb ? { value: { usb }, via: 'usb', evidence: [] } : undefined;
  const value: DeviceFacts = {
    ...(man?.fields.manufacturer ? { manufacturer: man.fields.manufacturer } : {}),
    ...(model?.fields.model ? { model: model.fields.model } : {}),
    ...(rev?.fields.revision ? { revision: rev.fields.revision } : {}),
    ...(hw?.fields.revision ? { hardwareRevision: hw.fields.revision } : {}),
    ...(ids?.fields.imei ? { imei: ids.fields.imei } : {}),
    ...(usb ? { usb } : {}),
  };
  return { value, via: 'qmi', evidence: ev.list };
}
