// How the SIM's state reads as a QMI error, shared by the DMS UIM and UIM handlers.

import type { ModemModel, PinOutcome } from '../model.ts';

/** DMS/UIM requests that need a card: DEVICE_NOT_READY (libqmi's QmiProtocolError 52) when there is none. */
export function simAbsent(model: ModemModel): string | undefined {
  return model.state.sim.present ? undefined : 'device-not-ready';
}

/** Requests that need the card unlocked (IMSI, home network). */
export function simNotReady(model: ModemModel): string | undefined {
  return simAbsent(model) ?? (model.simReady ? undefined : 'uim-uninitialized');
}

export function pinOutcomeError(r: PinOutcome): string | undefined {
  if (r.ok) return undefined;
  switch (r.error) {
    case 'no-sim': return 'device-not-ready';
    case 'not-needed': return 'no-effect';
    case 'incorrect-pin': return 'incorrect-pin';
    case 'pin-blocked': return 'pin-blocked';
    case 'puk-blocked': return 'pin-always-blocked';
    case 'bad-argument': return 'invalid-argument';
  }
}

/** QmiDmsUimPinStatus / QmiUimPinState name of PIN1. */
export function pin1Status(model: ModemModel) {
  const s = model.state.sim;
  switch (s.pinState) {
    case 'pin-required': return 'enabled-not-verified';
    case 'puk-required': return 'blocked';
    case 'blocked': return 'permanently-blocked';
    case 'ready': return s.pinEnabled ? 'enabled-verified' : 'disabled';
  }
}
