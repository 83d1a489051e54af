// radio-on: the modem's radio back on. QMI DMS Set Operating Mode "online" (libqmi
// data/qmi-service-dms.json), or AT+CFUN=1 (3GPP TS 27.007 §8.2) without QMI. Undo puts the
// previous mode back: the AT+CFUN level when it was read over AT (0 minimum functionality and
// 4 RF off are both QMI low-power, so only AT tells them apart), else the QMI mode.
// Not for offline (Qualcomm firmware leaves it only by a reset) nor for a hardware-restricted
// radio (an FCC lock on laptop modules: the vendor's unlock tool, not ours).

import { DMS } from '../../qmi/services/index.ts';
import type { OperatingMode } from '../facts.ts';
import type { FixPlan, UndoRecord } from '../fix.ts';
import { atOk, qmiOk } from './calls.ts';
import { FixError, refusedPlan, type Applied, type Fix, type FixContext, type UndoContext, type UndoOutcome } from './context.ts';

/** QMI modes that can be asked for again on undo. */
const SETTABLE = new Set<OperatingMode>(['online', 'low-power', 'persistent-low-power', 'mode-only-low-power']);

async function plan(ctx: FixContext): Promise<FixPlan> {
  const radio = ctx.facts.radio?.value;
  if (!radio) return refusedPlan('radio-on', 'not-applicable', 'The operating mode could not be read.');
  if (radio.mode === 'online') return refusedPlan('radio-on', 'nothing-to-do', 'The radio is already on.');
  if (radio.hardwareRestricted) {
    return refusedPlan('radio-on', 'not-applicable', 'The radio is held off by the hardware (an FCC lock on laptop modules): it takes the laptop vendor\'s unlock tool, which Modem Doctor does not replace.');
  }
  if (radio.mode === 'offline') return refusedPlan('radio-on', 'not-applicable', 'The modem is offline: it leaves that state only by a reset.');
  if (!SETTABLE.has(radio.mode)) return refusedPlan('radio-on', 'not-applicable', `The modem is in mode ${radio.mode}, which cannot be changed from here.`);
  const from = radio.cfun !== undefined ? `${radio.mode} (AT+CFUN=${radio.cfun})` : radio.mode;
  return {
    fix: 'radio-on', changes: [{ what: 'operating mode', from, to: 'online (AT+CFUN=1)' }],
    warnings: ['The modem starts looking for a network; it may take a few seconds to register.'],
    secrets: [], options: {},
    restore: { mode: radio.mode, ...(radio.cfun !== undefined ? { cfun: radio.cfun } : {}) },
  };
}

async function apply(ctx: FixContext, p: FixPlan): Promise<Applied> {
  if (p.refusal) throw new FixError('refused', p.refusal.message);
  ctx.progress({ step: 'turning the radio on' });
  if (ctx.open.qmi) {
    await qmiOk(ctx.open, DMS, DMS.messages.setOperatingMode, { mode: 'online' }, 'Turning the radio on');
    const r = await qmiOk(ctx.open, DMS, DMS.messages.getOperatingMode, {}, 'Reading the operating mode back');
    if (r.fields.mode !== 'online') throw new FixError('modem-error', `The modem took the request but reads ${r.fields.mode ?? 'no mode'} afterwards.`);
  } else {
    await atOk(ctx.open, 'AT+CFUN=1', 'Turning the radio on');
  }
  return { undoable: true, outcome: { mode: 'online' } };
}

async function undo(ctx: UndoContext, record: UndoRecord): Promise<UndoOutcome> {
  const mode = record.restore.mode as OperatingMode | undefined;
  const cfun = record.restore.cfun as number | undefined;
  if (!ctx.open) throw new FixError('no-port', 'Undoing radio-on needs the modem.');
  if (!mode || !SETTABLE.has(mode)) return { restored: false, message: 'The record holds no mode to go back to.' };
  if ((cfun === 0 || cfun === 4) && ctx.open.at) {
    await atOk(ctx.open, `AT+CFUN=${cfun}`, 'Putting the radio back');
  } else if (ctx.open.qmi) {
    await qmiOk(ctx.open, DMS, DMS.messages.setOperatingMode, { mode: mode as 'low-power' }, 'Putting the radio back');
  } else {
    await atOk(ctx.open, `AT+CFUN=${cfun ?? 4}`, 'Putting the radio back');
  }
  return { restored: true, message: `The operating mode is ${mode}${cfun !== undefined ? ` (AT+CFUN=${cfun})` : ''} again.` };
}

export const radioOn: Fix = { id: 'radio-on', plan, apply, undo };
