// Verify PIN and Unblock PIN answer the same way in DMS (legacy) and UIM: they differ only in how
// PIN1 is named ('pin' vs 'pin1') and in the name of the retries TLV, so one pair serves both.

import type { Handler } from './context.ts';
import { failure } from './reply.ts';
import { pinOutcomeError } from './sim-errors.ts';
import type { PinOutcome } from '../model.ts';

function answer(r: PinOutcome, retriesField: string): ReturnType<Handler> {
  return { values: { [retriesField]: { verifyRetriesLeft: r.pinLeft, unblockRetriesLeft: r.pukLeft } }, error: pinOutcomeError(r) };
}

export function verifyPinHandler(pin1Id: string, retriesField: string): Handler {
  return (req, c) => {
    const info = req.info as { pinId: string; pin: string };
    if (info.pinId !== pin1Id) return failure('invalid-pin-id');
    return answer(c.model.verifyPin(info.pin), retriesField);
  };
}

export function unblockPinHandler(pin1Id: string, retriesField: string): Handler {
  return (req, c) => {
    const info = req.info as { pinId: string; puk: string; newPin: string };
    if (info.pinId !== pin1Id) return failure('invalid-pin-id');
    return answer(c.model.unblockPin(info.puk, info.newPin), retriesField);
  };
}
