// free-device: ModemManager lets go of the modem, one of three ways (main/system/modemmanager*.ts,
// the same engine calls as `modem-doctor free`):
//   inhibit  D-Bus InhibitDevice, held on this process's own connection: it lasts while this
//            process runs (ModemManager drops an inhibition whose caller leaves the bus) and undo
//            in the same process releases it. The record names the holding process, so undo from
//            another process (`modem-doctor undo` beside a `fix` that holds) asks the holder to
//            release it and end (SIGTERM); once the holder has ended there is nothing left to undo;
//   stop     the ModemManager service, stopped through the privileged helper; undo starts it;
//   ignore   a udev rule that makes ModemManager leave this VID:PID alone; undo removes it.

import fs from 'node:fs';
import { runHelperVerb, type HelperRequest, type HelperResult } from '../../system/helper-client.ts';
import { MmError, type MmInhibition } from '../../system/modemmanager.ts';
import { inhibitUntilReleased, usbIdsFor } from '../../system/modemmanager-free.ts';
import type { FixPlan, UndoRecord } from '../fix.ts';
import { FixError, refusedPlan, type Applied, type Fix, type FixContext, type FixSystem, type UndoContext, type UndoOutcome } from './context.ts';

type Way = 'inhibit' | 'stop' | 'ignore';
const WAYS: readonly Way[] = ['inhibit', 'stop', 'ignore'];

/** Inhibitions this process holds, by undo action id: they end with it. */
const held = new Map<string, MmInhibition>();

const INHIBIT_LASTS = 'The inhibition lasts while the Modem Doctor process that made it runs (it is held on that process\'s D-Bus connection); when that process ends, ModemManager takes the modem again.';

function helperOf(system: FixSystem | undefined): (req: HelperRequest) => Promise<HelperResult> {
  return system?.runHelper ?? ((req) => runHelperVerb(req));
}

const bus = (system: FixSystem | undefined) => (system?.busAddress ? { busAddress: system.busAddress } : {});

async function plan(ctx: FixContext): Promise<FixPlan> {
  const mm = ctx.facts.modemManager?.value;
  // `method` is what the rules' offer calls it; --way what the command line does.
  const asked = ctx.options.way ?? ctx.options.method;
  const way = (asked ?? 'inhibit') as Way;
  if (!WAYS.includes(way)) return refusedPlan('free-device', 'not-applicable', `--way is inhibit, stop or ignore, not "${asked}".`);
  if (mm && !mm.running) return refusedPlan('free-device', 'nothing-to-do', 'ModemManager is not running: the ports are free.');
  const device = ctx.open.target.qmi ?? ctx.open.target.at[0] ?? mm?.modem?.ports[0];
  if (!device && way !== 'stop') return refusedPlan('free-device', 'not-applicable', 'No port of the modem is known to name it to ModemManager.');
  if (mm && !mm.modem && way === 'inhibit') return refusedPlan('free-device', 'nothing-to-do', 'ModemManager does not manage this modem.');
  const who = mm?.modem ? `manages this modem (${mm.modem.ports.join(', ')})` : 'manages this modem';
  const to = way === 'inhibit' ? 'lets go of this modem while Modem Doctor runs'
    : way === 'stop' ? 'stopped (for every modem on this machine)' : 'ignores this modem (a udev rule), also after a reboot';
  const warnings = way === 'inhibit' ? [INHIBIT_LASTS]
    : way === 'stop' ? ['Every modem ModemManager manages loses its connection manager until it is started again (undo, or a reboot).']
      : ['The rule stays until undone: ModemManager will not use this modem, not even after a reboot.'];
  return {
    fix: 'free-device', changes: [{ what: 'ModemManager', from: who, to }], warnings, secrets: [],
    options: { way, ...(device ? { device } : {}) },
    restore: { way, ...(device ? { device } : {}) },
  };
}

async function apply(ctx: FixContext, p: FixPlan): Promise<Applied> {
  if (p.refusal) throw new FixError('refused', p.refusal.message);
  const way = p.options.way as Way;
  const device = p.options.device ?? '';
  try {
    switch (way) {
      case 'inhibit': {
        ctx.progress({ step: 'asking ModemManager to let go of the modem' });
        const r = await inhibitUntilReleased(device, bus(ctx.system));
        held.set(ctx.actionId ?? device, r.held);
        r.held.onLost(() => held.delete(ctx.actionId ?? device));
        return {
          undoable: true, restore: { uid: r.held.uid, holderPid: process.pid },
          outcome: { way, ms: r.ms, holdsUntilExit: true, message: `ModemManager let go of ${r.held.modem.model || 'the modem'} in ${r.ms} ms. ${INHIBIT_LASTS}` },
        };
      }
      case 'stop': {
        ctx.progress({ step: 'stopping ModemManager (through the privileged helper)' });
        const r = await helperOf(ctx.system)({ verb: 'stop-modemmanager' });
        return { undoable: true, outcome: { way, message: r.message, ...(r.warning ? { warning: r.warning } : {}) } };
      }
      case 'ignore': {
        const ids = await usbIdsFor(device, bus(ctx.system));
        const r = await helperOf(ctx.system)({ verb: 'install-mm-ignore-rule', ...ids });
        return { undoable: true, restore: ids, outcome: { way, message: r.message, ...(r.file ? { file: r.file } : {}) } };
      }
    }
  } catch (e) {
    if (e instanceof FixError) throw e;
    throw new FixError('system', (e as Error).message);
  }
  throw new FixError('refused', `unknown way ${String(way)}`);
}

async function undo(ctx: UndoContext, record: UndoRecord): Promise<UndoOutcome> {
  const r = record.restore;
  try {
    switch (r.way as Way) {
      case 'inhibit': {
        const h = held.get(record.actionId) ?? held.get(String(r.device));
        if (!h) return endHolder(r.holderPid, ctx.progress);
        ctx.progress({ step: 'giving the modem back to ModemManager' });
        await h.release();
        held.delete(record.actionId);
        return { restored: true, message: 'Given back: ModemManager will probe the modem again in a few seconds.' };
      }
      case 'stop': {
        const res = await helperOf(ctx.system)({ verb: 'start-modemmanager' });
        return { restored: true, message: res.message };
      }
      case 'ignore': {
        const res = await helperOf(ctx.system)({ verb: 'remove-mm-ignore-rule', vid: Number(r.vid), pid: Number(r.pid) });
        return { restored: true, message: res.message };
      }
    }
  } catch (e) {
    if (e instanceof MmError || e instanceof Error) throw new FixError('system', e.message);
    throw e;
  }
  return { restored: false, message: 'The record does not say how ModemManager was set aside.' };
}

const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

/** Whether `pid` is still a Modem Doctor process (not a pid the kernel has given to another program). */
function isModemDoctor(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('modem-doctor');
  } catch {
    return false;
  }
}

/** Undo from another process: the holder is asked to release and end (it releases on SIGTERM). */
async function endHolder(pid: unknown, progress: UndoContext['progress']): Promise<UndoOutcome> {
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 1 || pid === process.pid || !isModemDoctor(pid)) {
    return { restored: false, message: `Nothing to undo: the process that held the inhibition has ended, and ModemManager has taken the modem again. ${INHIBIT_LASTS}` };
  }
  progress({ step: `asking the process that holds the inhibition (pid ${pid}) to give the modem back` });
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return { restored: false, message: 'Nothing to undo: the process that held the inhibition has just ended.' };
  }
  for (let i = 0; i < 200 && isModemDoctor(pid); i++) await sleep(50);
  if (isModemDoctor(pid)) throw new FixError('system', `The process holding the inhibition (pid ${pid}) did not end within 10 s; end it (Ctrl-C where it runs) to give the modem back.`);
  return { restored: true, message: `Given back: the process that held the inhibition (pid ${pid}) released it and ended; ModemManager will probe the modem again in a few seconds.` };
}

/** Whether this process still holds an inhibition made by free-device (the CLI waits for Ctrl-C then). */
export function holdsInhibition(actionId: string): boolean {
  return held.has(actionId);
}

export const freeDevice: Fix = { id: 'free-device', plan, apply, undo };
