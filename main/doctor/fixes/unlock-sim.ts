// unlock-sim: the PIN, or the PUK and a new PIN. Tried exactly once per apply — a wrong PIN spends
// one of the SIM's few attempts, so nothing here ever retries — and never the last attempt
// without --force (the last wrong PIN asks for the PUK; the last wrong PUK blocks the card for
// good, 3GPP TS 31.101 §9.4). QMI UIM Verify/Unblock PIN first (libqmi data/qmi-service-uim.json);
// DMS UIM Verify/Unblock PIN only when the firmware says it has no UIM service (nothing spent
// then); AT+CPIN (3GPP TS 27.007 §8.3) without QMI. Secrets never reach a record, a log line
// (the codec masks secret TLVs, the AT channel +CPIN arguments) or a message.

import { DMS, UIM } from '../../qmi/services/index.ts';
import type { FixPlan, UndoRecord } from '../fix.ts';
import { atTry, qmiTry, unsupported } from './calls.ts';
import { FixError, refusedPlan, type Applied, type Fix, type FixContext, type UndoOutcome } from './context.ts';

const IRREVERSIBLE = 'A PIN once accepted stays entered until the modem restarts, and a PUK unblock leaves the SIM with the new PIN: neither can be undone.';

/** 3GPP TS 31.101 §9.4: PIN 4–8 digits, PUK exactly 8. Checked before sending: a malformed one must not spend an attempt. */
const PIN_RE = /^\d{4,8}$/;
const PUK_RE = /^\d{8}$/;

function attempts(n: number | undefined, what: string): string {
  return n === undefined ? `${what} attempts left: unknown` : `${n} ${what} attempt${n === 1 ? '' : 's'} left`;
}

async function plan(ctx: FixContext): Promise<FixPlan> {
  const sim = ctx.facts.sim?.value;
  if (!sim) return refusedPlan('unlock-sim', 'not-applicable', 'The SIM state could not be read, so there is nothing to unlock safely.');
  switch (sim.state) {
    case 'ready': return refusedPlan('unlock-sim', 'nothing-to-do', 'The SIM is already unlocked.');
    case 'absent': return refusedPlan('unlock-sim', 'not-applicable', 'There is no SIM in the modem.');
    case 'blocked': return refusedPlan('unlock-sim', 'not-applicable', 'The SIM is blocked for good (its PUK attempts are used up): only the operator can replace it.');
    case 'pin-required': {
      const left = sim.pinLeft;
      const base: Partial<FixPlan> = {
        changes: [{ what: 'SIM', from: `locked: PIN required (${attempts(left, 'PIN')})`, to: 'unlocked with the PIN you enter' }],
        warnings: [`The PIN is sent once: a wrong one uses one of the ${left ?? 'remaining'} attempts and is not tried again.`,
          'Three wrong PINs in a row lock the SIM until its PUK is entered.'],
        secrets: ['pin'],
        restore: { kind: 'pin' },
      };
      if (left === 0) return refusedPlan('unlock-sim', 'not-applicable', 'No PIN attempts are left: the SIM wants its PUK.', base);
      if (left === 1 && !ctx.force) {
        return refusedPlan('unlock-sim', 'needs-force', 'Only one PIN attempt is left: if the PIN is wrong the SIM locks and needs its PUK. Check the PIN, then run again with --force.', base);
      }
      return { fix: 'unlock-sim', options: {}, changes: [], warnings: [], secrets: [], ...base };
    }
    case 'puk-required': {
      const left = sim.pukLeft;
      const base: Partial<FixPlan> = {
        changes: [
          { what: 'SIM', from: `locked: PUK required (${attempts(left, 'PUK')})`, to: 'unlocked with the PUK you enter' },
          { what: 'SIM PIN', from: 'the old PIN', to: 'the new PIN you enter' },
        ],
        warnings: [`The PUK is sent once: a wrong one uses one of the ${left ?? 'remaining'} attempts and is not tried again.`,
          'When the PUK attempts run out the SIM is blocked for good.'],
        secrets: ['puk', 'new-pin'],
        restore: { kind: 'puk' },
      };
      if (left === 0) return refusedPlan('unlock-sim', 'not-applicable', 'No PUK attempts are left: the SIM is blocked for good.', base);
      if (left === 1 && !ctx.force) {
        return refusedPlan('unlock-sim', 'needs-force', 'Only one PUK attempt is left: a wrong PUK blocks the SIM for good. Check the PUK (from the SIM card\'s holder or the operator), then run again with --force.', base);
      }
      return { fix: 'unlock-sim', options: {}, changes: [], warnings: [], secrets: [], ...base };
    }
    default:
      return refusedPlan('unlock-sim', 'not-applicable', `The SIM is ${sim.state}: not waiting for a PIN or PUK.`);
  }
}

interface Counts { pinLeft?: number; pukLeft?: number }

/** What a refused PIN/PUK means, in words: attempts left, never the value sent. */
function refusal(kind: 'PIN' | 'PUK', errorName: string, c: Counts): FixError {
  const left = kind === 'PIN' ? c.pinLeft : c.pukLeft;
  const tail = left === undefined ? '' : ` ${attempts(left, kind)}.`;
  if (errorName === 'incorrect-pin') return new FixError('refused', `The SIM refused the ${kind}: it is wrong. It was not tried again.${tail}`);
  if (errorName === 'pin-blocked') return new FixError('refused', kind === 'PIN' ? 'The SIM refused the PIN and now wants its PUK (no PIN attempts left).' : 'The SIM refused the PUK.' + tail);
  if (errorName === 'pin-always-blocked' || errorName === 'puk-blocked') return new FixError('refused', 'The SIM is now blocked for good: only the operator can replace it.');
  return new FixError('modem-error', `The modem did not take the ${kind}: ${errorName}.${tail}`);
}

async function viaQmi(ctx: FixContext, kind: 'pin' | 'puk', secret: string, newPin: string | undefined): Promise<Counts> {
  const session = { sessionType: 'primary-gw-provisioning' as const, applicationIdentifier: '' };
  const what = kind === 'pin' ? 'Entering the PIN' : 'Unblocking the SIM with the PUK';
  const uim = kind === 'pin'
    ? await qmiTry(ctx.open, UIM, UIM.messages.verifyPin, { session, info: { pinId: 'pin1', pin: secret } }, what)
    : await qmiTry(ctx.open, UIM, UIM.messages.unblockPin, { session, info: { pinId: 'pin1', puk: secret, newPin: newPin ?? '' } }, what);
  let ok = uim.ok;
  let errorName = uim.result.errorName;
  let r = uim.fields.retriesRemaining;
  if (!ok && unsupported(errorName)) {
    // No UIM service on this firmware: the request reached no card, so no attempt was spent.
    const dms = kind === 'pin'
      ? await qmiTry(ctx.open, DMS, DMS.messages.uimVerifyPin, { info: { pinId: 'pin', pin: secret } }, what)
      : await qmiTry(ctx.open, DMS, DMS.messages.uimUnblockPin, { info: { pinId: 'pin', puk: secret, newPin: newPin ?? '' } }, what);
    ok = dms.ok;
    errorName = dms.result.errorName;
    r = dms.fields.pinRetriesStatus;
  }
  const counts: Counts = r ? { pinLeft: r.verifyRetriesLeft, pukLeft: r.unblockRetriesLeft } : {};
  if (!ok) throw refusal(kind === 'pin' ? 'PIN' : 'PUK', errorName, counts);
  return counts;
}

async function viaAt(ctx: FixContext, kind: 'pin' | 'puk', secret: string, newPin: string | undefined): Promise<Counts> {
  const command = kind === 'pin' ? `AT+CPIN="${secret}"` : `AT+CPIN="${secret}","${newPin ?? ''}"`;
  const r = await atTry(ctx.open, command, kind === 'pin' ? 'Entering the PIN' : 'Unblocking the SIM with the PUK', { shown: 'AT+CPIN', once: true });
  if (r.ok) return {};
  // 27.007 §9.2: +CME ERROR 16 incorrect password, 12 SIM PUK required, 13 SIM failure (blocked).
  const code = r.final.kind === 'cme-error' ? r.final.code : undefined;
  const name = code === 16 ? 'incorrect-pin' : code === 12 ? 'pin-blocked' : code === 13 ? 'puk-blocked' : r.finalDescription;
  throw refusal(kind === 'pin' ? 'PIN' : 'PUK', name, {});
}

async function apply(ctx: FixContext, p: FixPlan): Promise<Applied> {
  if (p.refusal) throw new FixError('refused', p.refusal.message);
  const kind = p.secrets.includes('puk') ? 'puk' : 'pin';
  const secret = (await ctx.secrets(kind)).trim();
  const newPin = kind === 'puk' ? (await ctx.secrets('new-pin')).trim() : undefined;
  // Malformed values are refused here: sent, they would cost an attempt for nothing.
  if (kind === 'pin' && !PIN_RE.test(secret)) throw new FixError('bad-secret', 'A PIN is 4 to 8 digits; nothing was sent.');
  if (kind === 'puk' && !PUK_RE.test(secret)) throw new FixError('bad-secret', 'A PUK is 8 digits; nothing was sent.');
  if (newPin !== undefined && !PIN_RE.test(newPin)) throw new FixError('bad-secret', 'The new PIN must be 4 to 8 digits; nothing was sent.');
  ctx.progress({ step: kind === 'pin' ? 'sending the PIN (once)' : 'sending the PUK and the new PIN (once)' });
  const counts = ctx.open.qmi ? await viaQmi(ctx, kind, secret, newPin) : await viaAt(ctx, kind, secret, newPin);
  return { undoable: true, irreversible: IRREVERSIBLE, restore: {}, outcome: { sim: 'unlocked', ...counts } };
}

async function undo(_ctx: unknown, _record: UndoRecord): Promise<UndoOutcome> {
  return { restored: false, message: IRREVERSIBLE };
}

export const unlockSim: Fix = { id: 'unlock-sim', plan, apply, undo };
