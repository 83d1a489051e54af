// set-usbnet-mode: a USB composition with the QMI network function. Each vendor has its own knob,
// stored in the module and applied at the next reset, after which the module drops off USB and
// comes back with other interfaces:
//   Quectel  AT+QCFG="usbnet",<n> then AT+CFUN=1,1 (Quectel EC25 AT Commands Manual: 0 rmnet/QMI)
//   Sierra   DMS Swi Set USB Composition (libqmi data/qmi-service-dms.json) and a reset when QMI is
//            up, else AT!ENTERCND, AT!USBCOMP=1,1,<mask>, AT!RESET (Sierra AT command reference)
//   SIMCom   AT+CUSBPIDSWITCH=<pid>,1,1, which resets by itself (SIMCom SIM7600 AT Command Manual)
// Then the fix waits, with progress, for an AT port to answer again and reads the composition back.

import fs from 'node:fs';
import { AtChannel } from '../../at/channel.ts';
import { DMS } from '../../qmi/services/index.ts';
import type { FixPlan, UndoRecord } from '../fix.ts';
import type { OpenModem } from '../open-modem.ts';
import { atOk, atReset, qmiTry } from './calls.ts';
import { FixError, refusedPlan, type Applied, type Fix, type FixContext, type FixSystem, type UndoContext, type UndoOutcome } from './context.ts';
import type { Progress } from '../fix.ts';

type Vendor = 'quectel' | 'sierra' | 'simcom';
const VENDOR_BY_VID: Record<number, Vendor> = { 0x2c7c: 'quectel', 0x05c6: 'quectel', 0x1199: 'sierra', 0x1e0e: 'simcom' };
/** The QMI composition when the modem did not say: Quectel usbnet 0, Sierra DIAG+NMEA+MODEM+RMNET0+RMNET1, SIMCom PID 9001. */
const QMI_DEFAULT: Record<Vendor, number> = { quectel: 0, sierra: 0x50d, simcom: 0x9001 };
/** libqmi QmiDmsSwiUsbComposition numbers for the Sierra interface masks they stand for. */
const SWI_BY_MASK: Readonly<Record<number, number>> = { 0x10d: 6, 0x50d: 7, 0x100d: 8 };
const RESET_WAIT_MS = 90_000;
const hex = (n: number, w: number): string => n.toString(16).toUpperCase().padStart(w, '0');

function vendorOf(ctx: FixContext): Vendor | undefined {
  const vid = ctx.facts.device?.value.usb?.vid ?? ctx.open.target.usb?.vid;
  if (vid !== undefined && VENDOR_BY_VID[vid]) return VENDOR_BY_VID[vid];
  const m = (ctx.facts.device?.value.manufacturer ?? '').toLowerCase();
  return m.includes('quectel') ? 'quectel' : m.includes('sierra') ? 'sierra' : m.includes('simcom') ? 'simcom' : undefined;
}

function shown(vendor: Vendor, v: number): string {
  return vendor === 'quectel' ? `usbnet ${v}` : vendor === 'sierra' ? `USBCOMP ${hex(v, 8)}` : `PID ${hex(v, 4)}`;
}

async function plan(ctx: FixContext): Promise<FixPlan> {
  const mode = ctx.facts.usbMode?.value;
  const vendor = vendorOf(ctx);
  if (!mode) return refusedPlan('set-usbnet-mode', 'not-applicable', 'The USB composition could not be read.');
  if (!vendor) return refusedPlan('set-usbnet-mode', 'unsupported', 'Only Quectel, Sierra Wireless and SIMCom compositions are known.');
  // `value` is what the rules' offer calls it; --mode what the command line does.
  const asked = ctx.options.mode ?? ctx.options.value;
  const wanted = asked !== undefined ? Number(asked) : mode.qmiValue ?? QMI_DEFAULT[vendor];
  if (!Number.isInteger(wanted) || wanted < 0) return refusedPlan('set-usbnet-mode', 'not-applicable', `"${asked}" is not a composition value.`);
  if (mode.value === wanted || (mode.hasQmi && asked === undefined)) {
    return refusedPlan('set-usbnet-mode', 'nothing-to-do', `The composition (${mode.label ?? shown(vendor, mode.value)}) already has the QMI network function.`);
  }
  if (!ctx.open.at && !(vendor === 'sierra' && ctx.open.qmi)) return refusedPlan('set-usbnet-mode', 'unsupported', 'Changing the composition needs an AT port that answers.');
  return {
    fix: 'set-usbnet-mode',
    changes: [{ what: 'USB composition', from: mode.label ? `${mode.label} (${shown(vendor, mode.value)})` : shown(vendor, mode.value), to: `${shown(vendor, wanted)} (with QMI)` }],
    warnings: ['The modem resets to apply it: its ports vanish and come back with other interfaces (20–60 s on real modules); a data session drops.',
      'Other programs using the modem lose it during the reset.'],
    secrets: [], options: { mode: String(wanted), vendor },
    restore: { vendor, previous: mode.value },
  };
}

/** Writes the composition and resets; the ports go away right after. */
async function writeAndReset(open: OpenModem, vendor: Vendor, value: number, what: string): Promise<void> {
  switch (vendor) {
    case 'quectel':
      await atOk(open, `AT+QCFG="usbnet",${value}`, what);
      await atReset(open, 'AT+CFUN=1,1', `${what} (reset)`);
      return;
    case 'simcom':
      await atReset(open, `AT+CUSBPIDSWITCH=${hex(value, 4)},1,1`, what);
      return;
    case 'sierra': {
      const swi = SWI_BY_MASK[value];
      if (open.qmi && swi !== undefined) {
        const r = await qmiTry(open, DMS, DMS.messages.swiSetUsbComposition, { current: swi as 6 }, what);
        if (r.ok) {
          await qmiTry(open, DMS, DMS.messages.setOperatingMode, { mode: 'reset' }, `${what} (reset)`);
          return;
        }
        if (!open.at) throw new FixError('modem-error', `${what}: the modem answered Swi Set USB Composition with ${r.result.errorName}.`);
      }
      // The protected command set's password is Sierra's published default (the channel masks it).
      await atOk(open, 'AT!ENTERCND="A710"', what, { shown: 'AT!ENTERCND' });
      await atOk(open, `AT!USBCOMP=1,1,${hex(value, 8)}`, what);
      await atReset(open, 'AT!RESET', `${what} (reset)`);
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits for the reset: the old AT port goes away (or a moment passes), then a port answers AT again. */
async function waitForModem(open: OpenModem, paths: string[], progress: (p: Progress) => void, system: FixSystem | undefined): Promise<AtChannel> {
  const limit = system?.resetWaitMs ?? RESET_WAIT_MS;
  const started = Date.now();
  const say = (step: string): void => progress({ step, fraction: Math.min(1, (Date.now() - started) / limit) });
  if (open.at && !open.at.isClosed) {
    say('waiting for the modem to drop off USB');
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 5000);
      open.at?.once('closed', () => { clearTimeout(t); resolve(); });
    });
  }
  for (;;) {
    for (const p of paths) {
      if (!fs.existsSync(p)) continue;
      let ch: AtChannel | undefined;
      try {
        ch = await AtChannel.open(p, { log: open.log });
        const r = await ch.send('AT', { timeoutMs: 1000 });
        if (r.ok) return ch;
      } catch { /* not back yet */ }
      await ch?.close().catch(() => undefined);
    }
    if (Date.now() - started > limit) throw new FixError('timeout', `The modem has not come back within ${Math.round(limit / 1000)} s of its reset (${paths.join(', ')}). Unplug and replug it if it stays away.`);
    say(`waiting for the modem to come back (${Math.round((Date.now() - started) / 1000)} s)`);
    await sleep(500);
  }
}

/** The composition as the modem now says it (AT), or undefined when it does not say. */
async function readBack(ch: AtChannel, vendor: Vendor): Promise<number | undefined> {
  const q = vendor === 'quectel' ? 'AT+QCFG="usbnet"' : vendor === 'simcom' ? 'AT+CUSBPIDSWITCH?' : 'AT!USBCOMP?';
  if (vendor === 'sierra') await ch.send('AT!ENTERCND="A710"').catch(() => undefined);
  const r = await ch.send(q).catch(() => undefined);
  const text = r?.lines.join('\n') ?? '';
  const m = vendor === 'quectel' ? /"usbnet",(\d+)/i.exec(text) : vendor === 'simcom' ? /CUSBPIDSWITCH:\s*([0-9a-f]+)/i.exec(text) : /bitmask:\s*([0-9a-f]+)/i.exec(text);
  if (!m?.[1]) return undefined;
  return vendor === 'quectel' ? Number(m[1]) : parseInt(m[1], 16);
}

async function change(open: OpenModem, vendor: Vendor, value: number, progress: (p: Progress) => void, system: FixSystem | undefined, what: string): Promise<number | undefined> {
  const paths = open.target.at.length ? open.target.at : [];
  progress({ step: `${what}: writing ${shown(vendor, value)} and resetting the modem` });
  await writeAndReset(open, vendor, value, what);
  if (paths.length === 0) return undefined;
  const ch = await waitForModem(open, paths, progress, system);
  try {
    return await readBack(ch, vendor);
  } finally {
    await ch.close();
  }
}

async function apply(ctx: FixContext, p: FixPlan): Promise<Applied> {
  if (p.refusal) throw new FixError('refused', p.refusal.message);
  const vendor = p.options.vendor as Vendor;
  const value = Number(p.options.mode);
  const now = await change(ctx.open, vendor, value, ctx.progress, ctx.system, 'Changing the USB composition');
  if (now !== undefined && now !== value) throw new FixError('modem-error', `After the reset the modem reads ${shown(vendor, now)}, not ${shown(vendor, value)}.`);
  return { undoable: true, outcome: { composition: now ?? value, back: true } };
}

async function undo(ctx: UndoContext, record: UndoRecord): Promise<UndoOutcome> {
  const vendor = record.restore.vendor as Vendor;
  const previous = Number(record.restore.previous);
  if (!ctx.open) throw new FixError('no-port', 'Undoing the composition needs the modem.');
  const now = await change(ctx.open, vendor, previous, ctx.progress, ctx.system, 'Putting the USB composition back');
  return { restored: now === undefined || now === previous, message: `The composition is ${shown(vendor, now ?? previous)} again (the modem was reset).` };
}

export const setUsbnetMode: Fix = { id: 'set-usbnet-mode', plan, apply, undo };
