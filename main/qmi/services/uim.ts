// UIM (service 0x0B): the SIM card, its applications and PINs. Preferred over the DMS UIM
// messages, which many modern firmwares reject (INVALID_QMI_COMMAND or NOT_SUPPORTED; libqmi
// data/qmi-service-uim.json).
// Layouts: libqmi data/qmi-service-uim.json; enum names as libqmi/qmicli print them.

import { array, bool, bytes8, bytes16, enumOf, str8, struct, u8, u16, u32 } from '../codec/fields.ts';
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

/** File TLV 0x02 of the file-access messages: the EF id and its path of DF ids as bytes, each id
 *  little-endian (e.g. MF/ADF.USIM: `00 3f ff 7f`). */
const file = struct({ fileId: u16, filePath: bytes8() });
const cardResult = struct({ sw1: u8, sw2: u8 });
export const physicalCardState = enumOf(u32, { 0: 'unknown', 1: 'absent', 2: 'present' });
export const slotState = enumOf(u32, { 0: 'inactive', 1: 'active' });
const cardProtocol = enumOf(u32, { 0: 'unknown', 1: 'icc', 2: 'uicc' });

export const UIM = defineService({
  id: 0x0b,
  name: 'UIM',
  messages: {
    // libqmi uim.json "Read Transparent" (0x0020) and "Read Record" (0x0021): read an elementary
    // file of the card (ModemManager reads EF GID1 6F3E and GID2 6F3F this way).
    readTransparent: defineMessage({
      id: 0x0020, name: 'Read Transparent',
      request: {
        session: req(0x01, session),
        file: req(0x02, file),
        readInformation: req(0x03, struct({ offset: u16, length: u16 })),
        responseInIndicationToken: tlv(0x10, u32),
        encryptData: tlv(0x11, bool()),
      },
      response: {
        cardResult: tlv(0x10, cardResult),
        readResult: tlv(0x11, bytes16()),
        responseInIndicationToken: tlv(0x12, u32),
        encryptedData: tlv(0x13, bool()),
      },
    }),
    readRecord: defineMessage({
      id: 0x0021, name: 'Read Record',
      request: {
        session: req(0x01, session),
        file: req(0x02, file),
        record: req(0x03, struct({ recordNumber: u16, recordLength: u16 })),
        lastRecord: tlv(0x10, u16),
        responseInIndicationToken: tlv(0x11, u32),
      },
      response: {
        cardResult: tlv(0x10, cardResult),
        readResult: tlv(0x11, bytes16()),
        additionalReadResult: tlv(0x12, bytes16()),
        responseInIndicationToken: tlv(0x13, u32),
      },
    }),
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
    // libqmi uim.json "Get Slot Status" (0x0047, common-refs "Physical Slot Status" 0x10,
    // "Physical Slot Information" 0x11, "Slot EID" 0x12). The ICCID is BCD with swapped nibbles,
    // as in EF ICCID.
    getSlotStatus: defineMessage({
      id: 0x0047, name: 'Get Slot Status',
      request: {},
      response: {
        physicalSlotStatus: tlv(0x10, array(struct({ physicalCardStatus: physicalCardState, physicalSlotStatus: slotState, logicalSlot: u8, iccid: bytes8() }))),
        physicalSlotInformation: tlv(0x11, array(struct({ cardProtocol, validApplications: u8, atrValue: bytes8(), isEuicc: bool() }))),
        slotEid: tlv(0x12, array(struct({ eid: bytes8() }))),
      },
    }),
  },
});
