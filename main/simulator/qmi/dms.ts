// DMS: identity, firmware, operating mode, the legacy UIM PIN messages, bands.

import type { DMS } from '../../qmi/services/index.ts';
import type { OperatingMode } from '../state.ts';
import type { HandlerTable } from './context.ts';
import { LEGACY_BAND_MASK, LTE_BAND_LIST, LTE_BAND_MASK } from './bands.ts';
import { failure, success } from './reply.ts';
import { unblockPinHandler, verifyPinHandler } from './pin-handlers.ts';
import { pin1Status, simAbsent, simNotReady } from './sim-errors.ts';

const MODE_FROM_QMI: Record<string, OperatingMode> = {
  online: 'online', 'low-power': 'low-power', 'persistent-low-power': 'low-power', 'mode-only-low-power': 'low-power',
  offline: 'offline', reset: 'reset',
};

export const DMS_HANDLERS: HandlerTable<typeof DMS> = {
  getCapabilities: () => success({ info: {
    maxTxChannelRate: 50_000_000, maxRxChannelRate: 150_000_000, dataServiceCapability: 'non-simultaneous-cs-ps',
    simCapability: 'supported', radioInterfaceList: ['gsm', 'umts', 'lte'],
  } }),
  getManufacturer: (_r, c) => success({ manufacturer: c.model.state.identity.manufacturer }),
  getModel: (_r, c) => success({ model: c.model.state.identity.model }),
  getRevision: (_r, c) => success({ revision: c.model.state.identity.revision }),
  // Most data SIMs carry no MSISDN.
  getMsisdn: (_r, c) => failure(simNotReady(c.model) ?? 'not-provisioned'),
  getIds: (_r, c) => success({ esn: '0', imei: c.model.state.identity.imei, meid: '0', imeiSoftwareVersion: c.model.state.identity.imeiSv }),
  uimVerifyPin: verifyPinHandler('pin', 'pinRetriesStatus'),
  uimUnblockPin: unblockPinHandler('pin', 'pinRetriesStatus'),
  getHardwareRevision: (_r, c) => success({ revision: c.model.state.identity.hardwareRevision }),
  uimGetPinStatus: (_r, c) => {
    const absent = simAbsent(c.model);
    if (absent) return failure('uim-uninitialized');
    const s = c.model.state.sim;
    return success({
      pin1Status: { currentStatus: pin1Status(c.model), verifyRetriesLeft: s.pinLeft, unblockRetriesLeft: s.pukLeft },
      pin2Status: { currentStatus: 'enabled-not-verified', verifyRetriesLeft: 3, unblockRetriesLeft: 10 },
    });
  },
  getOperatingMode: (_r, c) => success({ mode: c.model.state.operatingMode, hardwareRestrictedMode: false }),
  setOperatingMode: (req, c) => {
    const mode = MODE_FROM_QMI[String(req.mode)];
    if (!mode) return failure('invalid-argument');
    if (mode === 'reset') return { ...success(), after: () => c.model.setOperatingMode('reset') };
    // Offline is one-way on Qualcomm firmware: only a reset leaves it.
    return c.model.setOperatingMode(mode) ? success() : failure('invalid-transition');
  },
  getTime: () => {
    // CDMA time: 1.25 ms units since 1980-01-06 (what libqmi converts back).
    const ms = Date.now() - Date.UTC(1980, 0, 6);
    return success({ deviceTime: { timeCount: { raw: Math.floor(ms / 1.25) }, timeSource: 'device' } });
  },
  uimGetIccid: (_r, c) => {
    const e = simAbsent(c.model);
    return e ? failure(e) : success({ iccid: c.model.state.sim.iccid });
  },
  uimGetImsi: (_r, c) => {
    const e = simNotReady(c.model);
    return e ? failure(e) : success({ imsi: c.model.state.sim.imsi });
  },
  getBandCapabilities: () => success({
    bandCapability: LEGACY_BAND_MASK, lteBandCapability: LTE_BAND_MASK, extendedLteBandCapability: [...LTE_BAND_LIST],
  }),
  // Sierra only: the message id means something else on other vendors' firmware.
  swiGetCurrentFirmware: (_r, c) => {
    if (c.profile.vid !== 0x1199) return failure('invalid-qmi-command');
    const id = c.model.state.identity;
    return success({ model: id.model, bootVersion: id.revision, amssVersion: id.revision, sku: '1102662',
      packageId: '', carrierId: '1', priVersion: '002.026_000', carrier: 'GENERIC', configVersion: '002.026_000' });
  },
};
