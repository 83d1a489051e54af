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

const isLayer = (v: string | undefined): v is LinkLayer => v === 'raw-ip' || v === '802-3';
const modemWords = (l: LinkLayer): string => (l === 'raw-ip' ? 'raw-ip' : '802.3');

async function plan(ctx: FixContext): Promise<FixPlan> {
  const df = ctx.facts.dataFormat?.value;
  const iface = df?.iface ?? ctx.open.target.net;
  // linkLayer: the framing both sides should end up with (the rules offer raw-ip; a provisioning
  // profile may ask for either, with strict=yes). Without it, two sides that differ are made to agree.
  const asked = ctx.options.linkLayer;
  if (asked !== undefined && !isLayer(asked)) return refusedPlan('align-data-format', 'not-applicable', `linkLayer is raw-ip or 802-3, not "${asked}".`);
  if (!df?.modem || !df.kernel) return refusedPlan('align-data-format', 'not-applicable', 'The modem\'s and the kernel\'s data formats could not both be read.');
  const target: LinkLayer = asked ?? 'raw-ip';
  if (asked === undefined ? df.modem === df.kernel : df.modem === target && df.kernel === target) {
    return refusedPlan('align-data-format', 'nothing-to-do', `The modem and the kernel agree (${df.modem}).`);
  }
  if (!iface) return refusedPlan('align-data-format', 'not-applicable', 'The modem\'s network interface is not known.');
  if (df.modemRawIpOnly && target === '802-3') return refusedPlan('align-data-format', 'unsupported', 'This firmware frames data as raw-ip only (WDA Set Data Format answers raw-ip whatever is asked): 802.3 cannot be set.');
  // A raw-ip-only firmware counts as raw-ip whatever it reports.
  const modemNow: LinkLayer = df.modemRawIpOnly ? 'raw-ip' : df.modem;
  const modemChanged = modemNow !== target;
  const kernelChanged = df.kernel !== target;
  if (modemChanged && !ctx.open.qmi) return refusedPlan('align-data-format', 'unsupported', 'Changing the modem\'s data format needs its QMI port (WDA), which is not open.');
  const restore = {
    iface, kernel: df.kernel === 'raw-ip' ? 'Y' : 'N', modem: df.modem, modemChanged, kernelChanged,
    ...(ctx.open.target.sysfsRoot ? { sysfsRoot: ctx.open.target.sysfsRoot } : {}),
  };
  const warnings: string[] = [];
  const changes: Change[] = [];
  if (modemChanged) changes.push({ what: 'modem data format (WDA link layer)', from: modemWords(df.modem), to: modemWords(target) });
  if (kernelChanged) {
    changes.push({ what: `qmi_wwan raw_ip on ${iface}`, from: kernelWords(df.kernel === 'raw-ip' ? 'Y' : 'N'), to: kernelWords(target === 'raw-ip' ? 'Y' : 'N') });
    warnings.push(`${iface} is taken down for a moment (the kernel changes framing only on a stopped interface) and brought up again.`);
  }
  // A modem that will not do raw-ip is followed by the kernel instead, unless the caller wants
  // exactly this framing on both sides (strict: a provisioning profile), where that is a failure.
  const strict = ctx.options.strict === 'yes';
  if (modemChanged && !strict && target === 'raw-ip') warnings.push(`If the modem refuses raw-ip, ${iface} is set to 802.3 instead (raw_ip=N).`);
  const side = modemChanged && kernelChanged ? 'both' : modemChanged ? 'modem' : 'kernel';
  return { fix: 'align-data-format', changes, warnings, secrets: [], options: { side, linkLayer: target, ...(strict ? { strict: 'yes' } : {}) }, restore };
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
  const target: LinkLayer = p.options.linkLayer === '802-3' ? '802-3' : 'raw-ip';
  const kernelTo = async (mode: RawIpMode, step: string) => {
    ctx.progress({ step });
    return setRawIp(iface, mode, helperOptions(ctx.system, sysfsRoot)).catch((e: Error) => { throw new FixError('system', e.message); });
  };
  let modem = r.modem as LinkLayer;
  if (r.modemChanged === true || p.options.side === 'modem' || p.options.side === 'both') {
    ctx.progress({ step: `asking the modem for ${modemWords(target)} (WDA Set Data Format)` });
    const applied = await setModemLinkLayer(ctx.open, target, 'Setting the modem\'s data format');
    if (applied !== target) {
      if (p.options.strict === 'yes' || target !== 'raw-ip') {
        throw new FixError('modem-error', `The modem answered Set Data Format with ${applied ?? 'nothing usable'}, not ${modemWords(target)}; ${r.kernelChanged === true ? `${iface} was left as it was.` : 'nothing else was changed.'}`);
      }
      // The modem stays 802.3: the kernel follows it instead.
      await kernelTo('N', `the modem stays 802.3: setting raw_ip=N on ${iface}`);
      return { undoable: true, outcome: { kernel: '802-3', modem: applied ?? '802-3' }, restore: { kernelChanged: true, kernelTarget: 'N' } };
    }
    modem = applied;
  }
  let via: string | undefined;
  if (r.kernelChanged === true || p.options.side === 'kernel') {
    const mode: RawIpMode = target === 'raw-ip' ? 'Y' : 'N';
    via = (await kernelTo(mode, `setting raw_ip=${mode} on ${iface} (link down, write, link up)`)).via;
  }
  const kernel = r.kernelChanged === true || p.options.side === 'kernel' ? target : (r.kernel === 'Y' ? 'raw-ip' : '802-3');
  return { undoable: true, outcome: { kernel, modem, ...(via ? { via } : {}) } };
}

async function undo(ctx: UndoContext, record: UndoRecord): Promise<UndoOutcome> {
  const r = record.restore;
  const iface = String(r.iface);
  const kernel = r.kernel === 'Y' ? 'Y' : 'N';
  // Records from before modemChanged/kernelChanged existed name the side by their first change.
  const first = record.changes[0]?.what ?? '';
  const modemChanged = r.modemChanged === true || (r.modemChanged === undefined && !first.startsWith('qmi_wwan'));
  const kernelChanged = r.kernelChanged === true || (r.modemChanged === undefined && first.startsWith('qmi_wwan'));
  const said: string[] = [];
  if (modemChanged) {
    if (!ctx.open) throw new FixError('no-port', 'Undoing the modem\'s data format needs the modem.');
    await setModemLinkLayer(ctx.open, r.modem === 'raw-ip' ? 'raw-ip' : '802-3', 'Putting the modem\'s data format back');
    said.push(`the modem is ${String(r.modem)} again`);
  }
  if (kernelChanged) {
    await setRawIp(iface, kernel, helperOptions(ctx.system, r.sysfsRoot as string | undefined)).catch((e: Error) => { throw new FixError('system', e.message); });
    said.push(`${iface} is ${kernelWords(kernel)} again`);
  }
  return { restored: true, message: `${said.join('; ')}.` };
}

export const alignDataFormat: Fix = { id: 'align-data-format', plan, apply, undo };
