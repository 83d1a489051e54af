// UIM: card status, Verify/Unblock PIN on the same SIM state as DMS and AT+CPIN.

import type { ResponseOf } from '../../qmi/schema.ts';
import type { UIM } from '../../qmi/services/index.ts';
import type { ModemModel } from '../model.ts';
import type { HandlerTable } from './context.ts';
import { failure, success } from './reply.ts';
import { unblockPinHandler, verifyPinHandler } from './pin-handlers.ts';
import { pin1Status } from './sim-errors.ts';

/** A USIM application id (ETSI RID A000000087, app code 1002). */
const USIM_AID = 'a0000000871002ff33ff018900000100';
const NO_INDEX = 0xffff;
/** An answer-to-reset of a UICC (T=0/T=1, ETSI TS 102 221 §6.3); its bytes are not interpreted by hosts here. */
const ATR = '3b9f96801fc78031a073be21136743200718000001a5';

type Card = NonNullable<ResponseOf<typeof UIM.messages.getCardStatus>['cardStatus']>['cards'][number];

function appState(m: ModemModel) {
  switch (m.state.sim.pinState) {
    case 'ready': return 'ready';
    case 'pin-required': return 'pin1-or-upin-pin-required';
    case 'puk-required': return 'puk1-or-upin-puk-required';
    case 'blocked': return 'pin1-blocked';
  }
}

/** Digits as BCD with swapped nibbles, padded with F (EF ICCID's layout, 3GPP TS 31.102 §4.1.1). */
export function swappedBcd(digits: string): string {
  const d = digits.length % 2 ? `${digits}f` : digits;
  let out = '';
  for (let i = 0; i < d.length; i += 2) out += d[i + 1]! + d[i]!;
  return out;
}

/** The elementary files the virtual card answers reads for, by file id. */
function fileContents(m: ModemModel, fileId: number): string | undefined {
  const sim = m.state.sim;
  switch (fileId) {
    case 0x2fe2: return swappedBcd(sim.iccid); // EF ICCID
    case 0x6f3e: return sim.gid1; // EF GID1
    case 0x6f3f: return sim.gid2; // EF GID2
    case 0x6fad: return `000000${sim.mncDigits.toString(16).padStart(2, '0')}`; // EF AD: MNC length in byte 4
    default: return undefined;
  }
}

export const UIM_HANDLERS: HandlerTable<typeof UIM> = {
  verifyPin: verifyPinHandler('pin1', 'retriesRemaining'),
  unblockPin: unblockPinHandler('pin1', 'retriesRemaining'),
  // Whole-file or offset/length reads (length 0 = to the end), with the card's status words:
  // 90 00 on success, 6A 82 "file not found" otherwise (ETSI TS 102 221 §10.2.1).
  readTransparent: (req, c) => {
    if (!c.model.state.sim.present) return failure('uim-uninitialized');
    const hex = fileContents(c.model, req.file.fileId);
    if (hex === undefined) return failure('sim-file-not-found', { cardResult: { sw1: 0x6a, sw2: 0x82 } });
    const { offset, length } = req.readInformation;
    const data = hex.slice(offset * 2, length ? (offset + length) * 2 : undefined);
    return success({ cardResult: { sw1: 0x90, sw2: 0x00 }, readResult: data });
  },
  // The files above are transparent: reading them as records fails as a card would.
  readRecord: (_req, c) => {
    if (!c.model.state.sim.present) return failure('uim-uninitialized');
    return failure('sim-file-not-found', { cardResult: { sw1: 0x6a, sw2: 0x82 } });
  },
  // One physical slot, active, mapped to logical slot 1; a UICC, not an eUICC.
  getSlotStatus: (_r, c) => {
    const sim = c.model.state.sim;
    return success({
      physicalSlotStatus: [{
        physicalCardStatus: sim.present ? 'present' : 'absent', physicalSlotStatus: 'active', logicalSlot: 1,
        iccid: sim.present ? swappedBcd(sim.iccid) : '',
      }],
      physicalSlotInformation: [{ cardProtocol: sim.present ? 'uicc' : 'unknown', validApplications: sim.present ? 1 : 0, atrValue: sim.present ? ATR : '', isEuicc: false }],
    });
  },
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
