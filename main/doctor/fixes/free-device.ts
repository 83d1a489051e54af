// free-device: ModemManager lets go of the modem, one of three ways (main/system/modemmanager*.ts,
// the same engine calls as `modem-doctor free`):
//   inhibit  D-Bus InhibitDevice, held on this process's own connection: it lasts while this
//            process runs (ModemManager watches the connection) and undo in the same process
//            releases it; once the process has ended there is nothing left to undo;
//   stop     the ModemManager service, stopped through the privileged helper; undo starts it;
//   ignore   a udev rule that makes ModemManager leave this VID:PID alone; undo removes it.

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
          undoable: true, restore: { uid: r.held.uid },
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
        if (!h) return { restored: false, message: `Nothing to undo: ${INHIBIT_LASTS}` };
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

/** Whether this process still holds an inhibition made by free-device (the CLI waits for Ctrl-C then). */
export function holdsInhibition(actionId: string): boolean {
  return held.has(actionId);
}

export const freeDevice: Fix = { id: 'free-device', plan, apply, undo };
