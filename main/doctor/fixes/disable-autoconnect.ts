// disable-autoconnect: the modem's own autoconnect holds the data session, so a host's Start
// Network only gets NO_EFFECT. WDS Stop Network on the global handle 0xFFFFFFFF with "disable
// autoconnect" releases that session (what qmicli --wds-stop-network=disable-autoconnect sends),
// then Set Autoconnect Settings "disabled" makes sure (libqmi data/qmi-service-wds.json). Undo
// sets the previous setting again and, when autoconnect held a session, waits for it to return.
// With the option setting=enabled (a provisioning profile that wants the modem to connect by
// itself) it does the opposite: Set Autoconnect Settings "enabled", and undo sets the old one.

import { WDS } from '../../qmi/services/index.ts';
import type { Change, FixPlan, UndoRecord } from '../fix.ts';
import { needQmi, qmiOk, qmiTry } from './calls.ts';
import { FixError, refusedPlan, type Applied, type Fix, type FixContext, type UndoContext, type UndoOutcome } from './context.ts';

/** The global packet data handle: the modem-initiated session (libqmi: "disable-autoconnect"). */
const GLOBAL_HANDLE = 0xffffffff;
const BEARER_BACK_MS = 30_000;

async function plan(ctx: FixContext): Promise<FixPlan> {
  const ac = ctx.facts.autoconnect?.value;
  const wanted = ctx.options.setting ?? 'disabled';
  if (wanted !== 'disabled' && wanted !== 'enabled') return refusedPlan('disable-autoconnect', 'not-applicable', `setting is enabled or disabled, not "${wanted}".`);
  if (!ac) return refusedPlan('disable-autoconnect', 'not-applicable', 'The autoconnect setting could not be read.');
  if (!ctx.open.qmi) return refusedPlan('disable-autoconnect', 'unsupported', 'Autoconnect is a QMI setting, and the QMI port is not open.');
  if (wanted === 'enabled') {
    if (ac.setting === 'enabled') return refusedPlan('disable-autoconnect', 'nothing-to-do', 'Autoconnect is already on.');
    return {
      fix: 'disable-autoconnect', changes: [{ what: 'autoconnect', from: ac.setting, to: 'enabled' }], secrets: [], options: { setting: 'enabled' },
      warnings: ['With autoconnect on, the modem starts its own data session whenever it can; a host\'s Start Network then gets NO_EFFECT (the connection manager must use that session).'],
      restore: { setting: ac.setting, bearerHeld: ac.bearerHeld },
    };
  }
  if (ac.setting === 'disabled' && !ac.bearerHeld) return refusedPlan('disable-autoconnect', 'nothing-to-do', 'Autoconnect is already off and holds no session.');
  const changes: Change[] = [{ what: 'autoconnect', from: ac.setting, to: 'disabled' }];
  if (ac.bearerHeld) changes.push({ what: 'data session held by autoconnect', from: 'up', to: 'stopped (the host starts its own)' });
  return {
    fix: 'disable-autoconnect', changes, secrets: [], options: {},
    warnings: ac.bearerHeld ? ['The data session autoconnect holds goes down; whatever uses it loses its connection until a new one is started.'] : [],
    restore: { setting: ac.setting, bearerHeld: ac.bearerHeld },
  };
}

async function apply(ctx: FixContext, p: FixPlan): Promise<Applied> {
  if (p.refusal) throw new FixError('refused', p.refusal.message);
  if (p.options.setting === 'enabled') {
    needQmi(ctx.open, 'Turning autoconnect on');
    ctx.progress({ step: 'turning autoconnect on' });
    await qmiOk(ctx.open, WDS, WDS.messages.setAutoconnectSettings, { status: 'enabled' }, 'Turning autoconnect on');
    const on = await qmiOk(ctx.open, WDS, WDS.messages.getAutoconnectSettings, {}, 'Reading autoconnect back');
    return { undoable: true, outcome: { autoconnect: on.fields.status } };
  }
  needQmi(ctx.open, 'Turning autoconnect off');
  ctx.progress({ step: 'stopping the autoconnect session and turning autoconnect off' });
  // NO_EFFECT: the session was already gone; the setting below still goes off.
  const stop = await qmiTry(ctx.open, WDS, WDS.messages.stopNetwork, { packetDataHandle: GLOBAL_HANDLE, disableAutoconnect: true }, 'Stopping the autoconnect session');
  if (!stop.ok && stop.result.errorName !== 'no-effect') {
    throw new FixError('modem-error', `Stopping the autoconnect session: the modem answered ${stop.result.errorName}.`);
  }
  await qmiOk(ctx.open, WDS, WDS.messages.setAutoconnectSettings, { status: 'disabled' }, 'Turning autoconnect off');
  const now = await qmiOk(ctx.open, WDS, WDS.messages.getAutoconnectSettings, {}, 'Reading autoconnect back');
  const status = await qmiOk(ctx.open, WDS, WDS.messages.getPacketServiceStatus, {}, 'Reading the session state');
  return { undoable: true, outcome: { autoconnect: now.fields.status, session: status.fields.connectionStatus } };
}

async function undo(ctx: UndoContext, record: UndoRecord): Promise<UndoOutcome> {
  const setting = record.restore.setting as 'enabled' | 'disabled' | 'paused' | 'unknown' | undefined;
  if (!ctx.open) throw new FixError('no-port', 'Undoing disable-autoconnect needs the modem.');
  if (setting !== 'enabled' && setting !== 'paused' && setting !== 'disabled') return { restored: false, message: 'The record holds no autoconnect setting to go back to.' };
  await qmiOk(ctx.open, WDS, WDS.messages.setAutoconnectSettings, { status: setting }, 'Putting autoconnect back');
  if (record.restore.bearerHeld === true && setting === 'enabled') {
    // The modem brings its session back by itself, in its own time: wait for it, with progress.
    const started = Date.now();
    for (;;) {
      const s = await qmiOk(ctx.open, WDS, WDS.messages.getPacketServiceStatus, {}, 'Waiting for the autoconnect session');
      if (s.fields.connectionStatus === 'connected') break;
      const waited = Date.now() - started;
      if (waited > BEARER_BACK_MS) {
        return { restored: true, message: `Autoconnect is ${setting} again; its session has not come back within ${BEARER_BACK_MS / 1000} s (the modem starts it when it can).` };
      }
      ctx.progress({ step: 'waiting for autoconnect to bring its session back', fraction: waited / BEARER_BACK_MS });
      await new Promise((r) => setTimeout(r, 250));
    }
    return { restored: true, message: `Autoconnect is ${setting} again and holds its session again.` };
  }
  return { restored: true, message: `Autoconnect is ${setting} again.` };
}

export const disableAutoconnect: Fix = { id: 'disable-autoconnect', plan, apply, undo };
