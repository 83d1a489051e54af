// UIM: card status, Verify/Unblock PIN on the same SIM state as DMS and AT+CPIN.

import type { ResponseOf } from '../../qmi/schema.ts';
import type { UIM } from '../../qmi/services/index.ts';
import type { ModemModel } from '../model.ts';
import type { HandlerTable } from './context.ts';
import { success } from './reply.ts';
import { unblockPinHandler, verifyPinHandler } from './pin-handlers.ts';
import { pin1Status } from './sim-errors.ts';

/** A USIM application id (ETSI RID A000000087, app code 1002). */
const USIM_AID = 'a0000000871002ff33ff018900000100';
const NO_INDEX = 0xffff;

type Card = NonNullable<ResponseOf<typeof UIM.messages.getCardStatus>['cardStatus']>['cards'][number];

function appState(m: ModemModel) {
  switch (m.state.sim.pinState) {
    case 'ready': return 'ready';
    case 'pin-required': return 'pin1-or-upin-pin-required';
    case 'puk-required': return 'puk1-or-upin-puk-required';
    case 'blocked': return 'pin1-blocked';
  }
}

export const UIM_HANDLERS: HandlerTable<typeof UIM> = {
  verifyPin: verifyPinHandler('pin1', 'retriesRemaining'),
  unblockPin: unblockPinHandler('pin1', 'retriesRemaining'),
  getCardStatus: (_r, c) => {
    const sim = c.model.state.sim;
    const card: Card = sim.present
      ? {
        cardState: 'present', upinState: 'not-initialized', upinRetries: 0, upukRetries: 0, errorCode: 0,
        applications: [{
          type: 'usim', state: appState(c.model), personalizationState: 2, personalizationFeature: 0,
          personalizationRetries: 0, personalizationUnblockRetries: 0, applicationIdentifier: USIM_AID,
          upinReplacesPin1: false, pin1State: pin1Status(c.model), pin1Retries: sim.pinLeft, puk1Retries: sim.pukLeft,
          pin2State: 'enabled-not-verified', pin2Retries: 3, puk2Retries: 10,
        }],
      }
      // Error code 3 = "no ATR received" (what an empty slot reports).
      : { cardState: 'absent', upinState: 'not-initialized', upinRetries: 0, upukRetries: 0, errorCode: 3, applications: [] };
    return success({ cardStatus: {
      indexGwPrimary: sim.present ? 0x0000 : NO_INDEX, index1xPrimary: NO_INDEX, indexGwSecondary: NO_INDEX, index1xSecondary: NO_INDEX,
      cards: [card],
    } });
  },
};
