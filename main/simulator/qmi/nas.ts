// NAS: registration, serving system, system info and signal, all from the model's network and
// signal state. Also builds the NAS indications sent to clients that registered for them.

import type { ReplyOf, ResponseOf } from '../../qmi/schema.ts';
import type { NAS } from '../../qmi/services/index.ts';
import type { ModemModel } from '../model.ts';
import type { HandlerTable, IndicationOf } from './context.ts';
import { activeBandClass, LEGACY_BAND_MASK, LTE_BAND_MASK } from './bands.ts';
import { failure, success } from './reply.ts';

const REG_NAME = { 'not-registered': 'not-registered', registered: 'registered', roaming: 'registered',
  searching: 'not-registered-searching', denied: 'registration-denied' } as const;

function effectiveReg(m: ModemModel): keyof typeof REG_NAME {
  if (!m.simReady || m.state.operatingMode !== 'online') return 'not-registered';
  return m.state.network.reg;
}

/** TLVs shared (by id) between the Get Serving System response and its indication. */
function servingSystemValues(m: ModemModel): ResponseOf<typeof NAS.messages.getServingSystem> {
  const reg = effectiveReg(m);
  const n = m.state.network;
  const up = reg === 'registered' || reg === 'roaming';
  const v: ResponseOf<typeof NAS.messages.getServingSystem> = {
    servingSystem: {
      registrationState: REG_NAME[reg], csAttachState: up ? 'attached' : 'detached', psAttachState: up ? 'attached' : 'detached',
      selectedNetwork: up ? '3gpp' : 'unknown', radioInterfaces: up ? [n.rat === 'lte' ? 'lte' : n.rat === 'umts' ? 'umts' : 'gsm'] : [],
    },
  };
  if (!up) return v;
  return {
    ...v,
    roamingIndicator: reg === 'roaming' ? 'on' : 'off',
    dataServiceCapability: ['lte'],
    currentPlmn: { mcc: n.mcc, mnc: n.mnc, description: n.operatorName },
    lac3gpp: n.lac,
    cid3gpp: n.cellId,
    lteTac: n.tac,
    mncPcsDigitIncludeStatus: { mcc: n.mcc, mnc: n.mnc, includesPcsDigit: m.state.sim.mncDigits === 3 },
  };
}

/** The serving-system indication: same values, but LAC/CID sit at the indication's own ids. */
export function servingSystemIndication(m: ModemModel): IndicationOf<typeof NAS.messages.getServingSystem> {
  return servingSystemValues(m);
}

export function systemInfoValues(m: ModemModel): ResponseOf<typeof NAS.messages.getSystemInfo> {
  const reg = effectiveReg(m);
  const n = m.state.network;
  const up = reg === 'registered' || reg === 'roaming';
  const status = up ? 'available' : reg === 'denied' ? 'limited' : 'none';
  const v: ResponseOf<typeof NAS.messages.getSystemInfo> = { lteServiceStatus: { serviceStatus: status, trueServiceStatus: status, preferredDataPath: false } };
  if (!up) return v;
  const mnc = String(n.mnc).padStart(m.state.sim.mncDigits, '0');
  return {
    ...v,
    lteSystemInfo: {
      domainValid: true, domain: 'cs-ps', serviceCapabilityValid: true, serviceCapability: 'cs-ps',
      roamingStatusValid: true, roamingStatus: reg === 'roaming' ? 'on' : 'off', forbiddenValid: true, forbidden: false,
      lacValid: false, lac: 0, cidValid: true, cid: n.cellId,
      registrationRejectInfoValid: false, registrationRejectDomain: 'none', registrationRejectCause: 0,
      networkIdValid: true, mcc: String(n.mcc), mnc, tacValid: true, tac: n.tac,
    },
    lteVoiceSupport: false,
    imsVoiceSupport: false,
  };
}

export function signalInfoValues(m: ModemModel): ReplyOf<typeof NAS.messages.getSignalInfo> {
  const reg = effectiveReg(m);
  if (reg !== 'registered' && reg !== 'roaming') return {};
  const s = m.state.signal;
  return { lteSignalStrength: { rssi: s.rssi, rsrq: s.rsrq, rsrp: s.rsrp, snr: { dB: s.snr } } };
}

export const NAS_HANDLERS: HandlerTable<typeof NAS> = {
  registerIndications: (req, c) => {
    const st = c.clients.cids.get(c.serviceId)?.get(c.clientId);
    if (st) {
      if (req.servingSystemEvents !== undefined) st.nas.servingSystem = req.servingSystemEvents;
      if (req.systemInfo !== undefined) st.nas.systemInfo = req.systemInfo;
      if (req.signalInfo !== undefined) st.nas.signalInfo = req.signalInfo;
    }
    return success();
  },
  getSignalStrength: (_r, c) => {
    const reg = effectiveReg(c.model);
    if (reg !== 'registered' && reg !== 'roaming') return failure('no-network-found');
    const s = c.model.state.signal;
    return success({
      signalStrength: { strength: s.rssi, radioInterface: 'lte' },
      rssiList: [{ rssi: { dBm: s.rssi }, radioInterface: 'lte' }],
      rsrq: { rsrq: s.rsrq, radioInterface: 'lte' },
      lteSnr: { dB: s.snr },
      lteRsrp: s.rsrp,
    });
  },
  getServingSystem: (_r, c) => success(servingSystemValues(c.model)),
  getHomeNetwork: (_r, c) => {
    const sim = c.model.state.sim;
    if (!c.model.simReady) return failure(sim.present ? 'uim-uninitialized' : 'device-not-ready');
    return success({
      homeNetwork: { mcc: sim.mcc, mnc: sim.mnc, description: c.model.state.network.operatorName },
      homeNetwork3gppMnc: { is3gpp: true, includesPcsDigit: sim.mncDigits === 3 },
    });
  },
  // Every supported band allowed (what a module out of the box has): the band TLVs are what
  // ModemManager turns into its current bands.
  getSystemSelectionPreference: () => success({
    emergencyMode: false, modePreference: ['gsm', 'umts', 'lte'], roamingPreference: 'any',
    bandPreference: LEGACY_BAND_MASK, lteBandPreference: LTE_BAND_MASK, extendedLteBandPreference: [LTE_BAND_MASK, 0n, 0n, 0n],
    networkSelectionPreference: 'automatic', serviceDomainPreference: 'cs-ps', gsmWcdmaAcquisitionOrderPreference: 'automatic',
  }),
  // Automatic selection (what ModemManager asks when it finds the modem not yet registered) keeps
  // the modem on the one network it has; a manual selection is accepted only for that network, as
  // the AT face accepts AT+COPS=0 and refuses a manual AT+COPS.
  setSystemSelectionPreference: (req, c) => {
    const sel = req.networkSelectionPreference;
    const n = c.model.state.network;
    if (sel?.mode === 'manual' && (sel.mcc !== n.mcc || sel.mnc !== n.mnc)) return failure('invalid-argument');
    return success();
  },
  getRfBandInformation: (_r, c) => {
    const reg = effectiveReg(c.model);
    const n = c.model.state.network;
    const band = activeBandClass(n.lteBand);
    if ((reg !== 'registered' && reg !== 'roaming') || band === null) return failure('information-unavailable');
    return success({
      list: [{ radioInterface: 'lte', activeBandClass: band, activeChannel: n.earfcn }],
      extendedList: [{ radioInterface: 'lte', activeBandClass: band, activeChannel: n.earfcn }],
    });
  },
  // Names for the serving PLMN, one GSM default-alphabet character per byte (the same bytes as
  // ASCII for the letters and digits of an operator name); another PLMN is not in the
  // simulator's table.
  getPlmnName: (req, c) => {
    const n = c.model.state.network;
    if (req.plmn.mcc !== n.mcc || req.plmn.mnc !== n.mnc) return failure('information-unavailable');
    const name = Buffer.from(n.operatorName, 'latin1').toString('hex');
    return success({ eonsPlmnName3gpp: {
      serviceProviderNameEncoding: 'unspecified', serviceProviderName: '',
      shortNameEncoding: 'unspecified', shortNameCountryInitials: 0, shortNameSpareBits: 0, shortName: name,
      longNameEncoding: 'unspecified', longNameCountryInitials: 0, longNameSpareBits: 0, longName: name,
    } });
  },
  getSystemInfo: (_r, c) => success(systemInfoValues(c.model)),
  getSignalInfo: (_r, c) => success(signalInfoValues(c.model)),
  // One LTE receive chain at the serving cell's RSSI/RSRP; transmitting only while a bearer is up.
  getTxRxInfo: (req, c) => {
    const reg = effectiveReg(c.model);
    if (reg !== 'registered' && reg !== 'roaming') return failure('no-network-found');
    if (req.radioInterface !== 'lte') return failure('invalid-argument');
    const s = c.model.state.signal;
    return success({
      rxChain0Info: { isRadioTuned: true, rxPower: { dBm: s.rssi }, ecio: { dB: 0 }, rscp: { dBm: 0 }, rsrp: { dBm: s.rsrp }, phase: { raw: 0xffffffff } },
      txInfo: { isInTraffic: false, txPower: { dBm: 0 } },
    });
  },
};
