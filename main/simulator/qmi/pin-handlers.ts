// Verify PIN and Unblock PIN answer the same way in DMS (legacy) and UIM: they differ only in how
// PIN1 is named ('pin' vs 'pin1') and in the name of the retries TLV, so one pair serves both.
// Each pair is typed by what it reads and writes; the handler table it is put in checks that
// against the message's declaration (a wrong retries TLV name has nothing in common with the
// declared response, and does not compile).

import type { PinOutcome } from '../model.ts';
import type { QmiContext } from './context.ts';
import { failure, type Reply } from './reply.ts';
import { pinOutcomeError } from './sim-errors.ts';

type Retries = { verifyRetriesLeft: number; unblockRetriesLeft: number };
type PinReply<K extends string> = Reply<{ [F in K]?: Retries }>;
type PinHandler<Q, K extends string> = (req: { info: Q }, ctx: QmiContext) => PinReply<K>;

function answer<K extends string>(r: PinOutcome, retriesField: K): PinReply<K> {
  const retries = { [retriesField]: { verifyRetriesLeft: r.pinLeft, unblockRetriesLeft: r.pukLeft } } as { [F in K]?: Retries };
  return { values: retries, error: pinOutcomeError(r) };
}

export function verifyPinHandler<K extends string>(pin1Id: string, retriesField: K): PinHandler<{ pinId: string | number; pin: string }, K> {
  return (req, c) => {
    if (req.info.pinId !== pin1Id) return failure('invalid-pin-id');
    return answer(c.model.verifyPin(req.info.pin), retriesField);
  };
}

export function unblockPinHandler<K extends string>(pin1Id: string, retriesField: K): PinHandler<{ pinId: string | number; puk: string; newPin: string }, K> {
  return (req, c) => {
    if (req.info.pinId !== pin1Id) return failure('invalid-pin-id');
    return answer(c.model.unblockPin(req.info.puk, req.info.newPin), retriesField);
  };
}
