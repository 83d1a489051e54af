// UIM (service 0x0B): the SIM card, its applications and PINs. Preferred over the DMS UIM
// messages, which many modern firmwares reject (qmi.md §4 note, §8).
// Layouts: libqmi data/qmi-service-uim.json; enum names as libqmi/qmicli print them.

import { array, bool, bytes8, enumOf, str8, struct, u8, u16, u32 } from '../codec/fields.ts';
import { defineMessage, defineService, req, tlv } from '../schema.ts';

export const sessionType = enumOf(u8, {
  0: 'primary-gw-provisioning', 1: 'primary-1x-provisioning', 2: 'secondary-gw-provisioning',
  3: 'secondary-1x-provisioning', 4: 'nonprovisioning-slot-1', 5: 'nonprovisioning-slot-2', 6: 'card-slot-1', 7: 'card-slot-2',
});
/** Session TLV 0x01: usually primary GW provisioning with an empty AID (`01 02 00 00 00`). */
const session = struct({ sessionType, applicationIdentifier: bytes8() });
const uimPinId = enumOf(u8, { 1: 'pin1', 2: 'pin2', 3: 'upin', 4: 'hidden-key' });
export const uimPinState = enumOf(u8, {
  0: 'not-initialized', 1: 'enabled-not-verified', 2: 'enabled-verified', 3: 'disabled', 4: 'blocked', 5: 'permanently-blocked',
});
export const cardState = enumOf(u8, { 0: 'absent', 1: 'present', 2: 'error' });
export const applicationState = enumOf(u8, {
  0: 'unknown', 1: 'detected', 2: 'pin1-or-upin-pin-required', 3: 'puk1-or-upin-puk-required',
  4: 'check-personalization-state', 5: 'pin1-blocked', 6: 'illegal', 7: 'ready',
});
const applicationType = enumOf(u8, { 0: 'unknown', 1: 'sim', 2: 'usim', 3: 'ruim', 4: 'csim', 5: 'isim' });

const pinReply = {
  retriesRemaining: tlv(0x10, struct({ verifyRetriesLeft: u8, unblockRetriesLeft: u8 })),
  responseInIndicationToken: tlv(0x12, u32),
  cardResult: tlv(0x13, struct({ sw1: u8, sw2: u8 })),
};

const application = struct({
  type: applicationType,
  state: applicationState,
  personalizationState: u8,
  personalizationFeature: u8,
  personalizationRetries: u8,
  personalizationUnblockRetries: u8,
  applicationIdentifier: bytes8(),
  upinReplacesPin1: bool(),
  pin1State: uimPinState,
  pin1Retries: u8,
  puk1Retries: u8,
  pin2State: uimPinState,
  pin2Retries: u8,
  puk2Retries: u8,
});
const card = struct({
  cardState,
  upinState: uimPinState,
  upinRetries: u8,
  upukRetries: u8,
  errorCode: u8,
  applications: array(application),
});

export const UIM = defineService({
  id: 0x0b,
  name: 'UIM',
  messages: {
    verifyPin: defineMessage({
      id: 0x0026, name: 'Verify PIN',
      request: {
        session: req(0x01, session),
        info: req(0x02, struct({ pinId: uimPinId, pin: str8() }), { secret: true }),
        responseInIndicationToken: tlv(0x12, u32),
      },
      response: pinReply,
    }),
    unblockPin: defineMessage({
      id: 0x0027, name: 'Unblock PIN',
      request: {
        session: req(0x01, session),
        info: req(0x02, struct({ pinId: uimPinId, puk: str8(), newPin: str8() }), { secret: true }),
        responseInIndicationToken: tlv(0x11, u32),
      },
      response: pinReply,
    }),
    getCardStatus: defineMessage({
      id: 0x002f, name: 'Get Card Status',
      request: {},
      response: {
        cardStatus: tlv(0x10, struct({
          indexGwPrimary: u16, index1xPrimary: u16, indexGwSecondary: u16, index1xSecondary: u16,
          cards: array(card),
        })),
      },
    }),
  },
});
