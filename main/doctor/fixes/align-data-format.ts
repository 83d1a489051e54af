// align-data-format: the modem (WDA link layer) and the kernel (qmi_wwan raw_ip) must frame
// packets the same way, else TX grows and RX stays 0 (kernel Documentation/ABI/testing/
// sysfs-class-net-qmi; libqmi data/qmi-service-wda.json). Raw-ip is what current firmwares do
// (many only that), so when the modem is raw-ip the kernel follows it (raw_ip=Y, link down
// first: main/system/raw-ip-fix.ts); when the modem is 802.3 it is asked for raw-ip (WDA Set
// Data Format), and only if it refuses does the kernel go to 802.3 instead.

import { WDA } from '../../qmi/services/index.ts';
import { setRawIp } from '../../system/raw-ip-fix.ts';
import type { RawIpMode } from '../../system/kernel-raw-ip.ts';
import type { LinkLayer } from '../facts.ts';
import type { Change, FixPlan, UndoRecord } from '../fix.ts';
import { qmiOk } from './calls.ts';
import { FixError, refusedPlan, type Applied, type Fix, type FixContext, type FixSystem, type UndoContext, type UndoOutcome } from './context.ts';

const kernelWords = (m: RawIpMode): string => (m === 'Y' ? 'raw-ip (raw_ip=Y)' : '802.3 (raw_ip=N)');

async function plan(ctx: FixContext): Promise<FixPlan> {
  const df = ctx.facts.dataFormat?.value;
  const iface = df?.iface ?? ctx.open.target.net;
  if (!df?.modem || !df.kernel) return refusedPlan('align-data-format', 'not-applicable', 'The modem\'s and the kernel\'s data formats could not both be read.');
  if (df.modem === df.kernel) return refusedPlan('align-data-format', 'nothing-to-do', `The modem and the kernel agree (${df.modem}).`);
  if (!iface) return refusedPlan('align-data-format', 'not-applicable', 'The modem\'s network interface is not known.');
  const restore = { iface, kernel: df.kernel === 'raw-ip' ? 'Y' : 'N', modem: df.modem, ...(ctx.open.target.sysfsRoot ? { sysfsRoot: ctx.open.target.sysfsRoot } : {}) };
  const warnings = [`${iface} is taken down for a moment (the kernel changes framing only on a stopped interface) and brought up again.`];
  let changes: Change[];
  let side: string;
  if (df.modem === 'raw-ip' || df.modemRawIpOnly) {
    side = 'kernel';
    changes = [{ what: `qmi_wwan raw_ip on ${iface}`, from: kernelWords('N'), to: kernelWords('Y') }];
  } else {
    if (!ctx.open.qmi) return refusedPlan('align-data-format', 'unsupported', 'Changing the modem\'s data format needs its QMI port (WDA), which is not open.');
    side = 'modem';
    changes = [{ what: 'modem data format (WDA link layer)', from: '802.3', to: 'raw-ip' }];
    warnings.push(`If the modem refuses raw-ip, ${iface} is set to 802.3 instead (raw_ip=N).`);
  }
  return { fix: 'align-data-format', changes, warnings, secrets: [], options: { side }, restore };
}

function helperOptions(system: FixSystem | undefined, sysfsRoot: string | undefined) {
  return { ...(system?.runHelper ? { runHelper: system.runHelper } : {}), ...(sysfsRoot ? { sysfsRoot } : {}) };
}

async function setModemLinkLayer(open: FixContext['open'], layer: LinkLayer, what: string): Promise<LinkLayer | undefined> {
  const r = await qmiOk(open, WDA, WDA.messages.setDataFormat, { linkLayerProtocol: layer }, what);
  // The reply says what the modem applied, which may not be what was asked.
  const applied = r.fields.linkLayerProtocol;
  return applied === 'raw-ip' || applied === '802-3' ? applied : undefined;
}

async function apply(ctx: FixContext, p: FixPlan): Promise<Applied> {
  if (p.refusal) throw new FixError('refused', p.refusal.message);
  const r = p.restore ?? {};
  const iface = String(r.iface);
  const sysfsRoot = r.sysfsRoot as string | undefined;
  if (p.options.side === 'kernel') {
    ctx.progress({ step: `setting raw_ip=Y on ${iface} (link down, write, link up)` });
    const done = await setRawIp(iface, 'Y', helperOptions(ctx.system, sysfsRoot)).catch((e: Error) => { throw new FixError('system', e.message); });
    return { undoable: true, outcome: { kernel: 'raw-ip', modem: r.modem, via: done.via } };
  }
  ctx.progress({ step: 'asking the modem for raw-ip (WDA Set Data Format)' });
  const applied = await setModemLinkLayer(ctx.open, 'raw-ip', 'Setting the modem\'s data format');
  if (applied === 'raw-ip') return { undoable: true, outcome: { kernel: r.kernel === 'Y' ? 'raw-ip' : '802-3', modem: 'raw-ip' } };
  // The modem stays 802.3: the kernel follows it instead.
  ctx.progress({ step: `the modem stays 802.3: setting raw_ip=N on ${iface}` });
  await setRawIp(iface, 'N', helperOptions(ctx.system, sysfsRoot)).catch((e: Error) => { throw new FixError('system', e.message); });
  return { undoable: true, outcome: { kernel: '802-3', modem: applied ?? '802-3' }, restore: { kernelChanged: true } };
}

async function undo(ctx: UndoContext, record: UndoRecord): Promise<UndoOutcome> {
  const r = record.restore;
  const iface = String(r.iface);
  const kernel = r.kernel === 'Y' ? 'Y' : 'N';
  const side = record.changes[0]?.what.startsWith('qmi_wwan') ? 'kernel' : 'modem';
  const said: string[] = [];
  if (side === 'modem') {
    if (!ctx.open) throw new FixError('no-port', 'Undoing the modem\'s data format needs the modem.');
    await setModemLinkLayer(ctx.open, r.modem === 'raw-ip' ? 'raw-ip' : '802-3', 'Putting the modem\'s data format back');
    said.push(`the modem is ${String(r.modem)} again`);
  }
  if (side === 'kernel' || r.kernelChanged === true) {
    await setRawIp(iface, kernel, helperOptions(ctx.system, r.sysfsRoot as string | undefined)).catch((e: Error) => { throw new FixError('system', e.message); });
    said.push(`${iface} is ${kernelWords(kernel)} again`);
  }
  return { restored: true, message: `${said.join('; ')}.` };
}

export const alignDataFormat: Fix = { id: 'align-data-format', plan, apply, undo };
