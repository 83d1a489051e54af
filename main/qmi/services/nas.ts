// NAS (service 0x03): registration, operator, radio technology, signal.
// Layouts: libqmi data/qmi-service-nas.json (indication TLV ids checked there);
// enum names as libqmi/qmicli print them (src/libqmi-glib/qmi-enums-nas.h).

import {
  array, bool, bytes8, enumOf, fixedBytes, fixedStr, flagsOf, i8, i16, i32, measure, str8, struct, u8, u16, u32, u64,
} from '../codec/fields.ts';
import { defineMessage, defineService, req, tlv } from '../schema.ts';

/** QmiNasRadioInterface: signed, -1 = unknown. */
export const radioInterface = enumOf(i8, {
  [-1]: 'unknown', 0: 'none', 1: 'cdma-1x', 2: 'cdma-1xevdo', 3: 'amps', 4: 'gsm', 5: 'umts', 8: 'lte', 9: 'td-scdma', 12: '5gnr',
});

/** Same numbering carried in an unsigned byte (some TLVs declare it guint8). */
const radioInterfaceU8 = enumOf(u8, { 0: 'none', 1: 'cdma-1x', 2: 'cdma-1xevdo', 3: 'amps', 4: 'gsm', 5: 'umts', 8: 'lte', 9: 'td-scdma', 12: '5gnr' });

export const registrationState = enumOf(u8, {
  0: 'not-registered', 1: 'registered', 2: 'not-registered-searching', 3: 'registration-denied', 4: 'unknown',
});
const attachState = enumOf(u8, { 0: 'unknown', 1: 'attached', 2: 'detached' });
const networkType = enumOf(u8, { 0: 'unknown', 1: '3gpp2', 2: '3gpp' });
/**
 * QmiNasRoamingIndicatorStatus: careful, 0 means roaming ON (libqmi
 * src/libqmi-glib/qmi-enums-nas.h).
 */
export const roamingIndicator = enumOf(u8, { 0: 'on', 1: 'off' });
const dataCapability = enumOf(u8, {
  0: 'none', 1: 'gprs', 2: 'edge', 3: 'hsdpa', 4: 'hsupa', 5: 'wcdma', 6: 'cdma', 7: 'evdo-rev-0', 8: 'evdo-rev-a',
  9: 'gsm', 10: 'evdo-rev-b', 11: 'lte', 12: 'hsdpa-plus', 13: 'dc-hsdpa-plus',
});
export const serviceStatus = enumOf(u8, { 0: 'none', 1: 'limited', 2: 'available', 3: 'limited-regional', 4: 'power-save' });
const serviceDomain = enumOf(u8, { 0: 'none', 1: 'cs', 2: 'ps', 3: 'cs-ps', 4: 'camped' });
const roamingStatus = enumOf(u8, { 0: 'off', 1: 'on', 2: 'blink', 3: 'out-of-neighborhood', 4: 'out-of-building' });
const modeFlags = { 0: 'cdma-1x', 1: 'cdma-1xevdo', 2: 'gsm', 3: 'umts', 4: 'lte', 5: 'td-scdma', 6: '5gnr' } as const;

// ---- values in their units (scales as qmicli prints them, src/qmicli/qmicli-nas.c)

/** ECIO: unsigned steps of -0.5 dB (qmicli prints -0.5 * raw). */
const ecio16 = measure(i16, 'dB', { times: -1, over: 2 });
const ecio8 = measure(u8, 'dB', { times: -1, over: 2 });
/** SNR in tenths of a dB (LTE; 5G with -32768 for "not available", libqmi nas.json). */
const snrTenths = measure(i16, 'dB', { over: 10 });
const nrSnr = measure(i16, 'dB', { over: 10, unavailable: -0x8000 });
const nrRsrp = measure(i16, 'dBm', { unavailable: -0x8000 });
const nrRsrq = measure(i16, 'dB', { unavailable: -0x8000 });
/** QmiNasEvdoSinrLevel: levels 0..8 stand for these dB values (qmicli get_db_from_sinr_level). */
export const hdrSinr = measure(u8, 'dB', { table: { 0: -9, 1: -6, 2: -4.5, 3: -3, 4: -2, 5: 1, 6: 3, 7: 6, 8: 9 } });
/** Get Signal Strength's RSSI list carries the magnitude: 70 means -70 dBm (qmicli prints -1 * raw). */
const rssiMagnitude = measure(u8, 'dBm', { times: -1 });
/** 3GPP time zone in quarter hours, 3GPP2 local time offset in half hours (qmicli prints minutes). */
const quarterHours = measure(i8, 'minutes', { times: 15 });
const halfHours = measure(i8, 'minutes', { times: 30 });
/** CDMA base station position in units of 0.25 arc seconds (qmicli: raw * 0.25 / 3600 degrees). */
const quarterArcSeconds = measure(i32, 'degrees', { over: 14400 });
/** Get Tx Rx Info: powers and RSRP/RSCP in tenths of a dBm, ECIO in tenths of a dB, phase in
 *  hundredths of a degree with 0xFFFFFFFF for unknown (qmicli get_tx_rx_info_ready). */
const tenthsDbm = measure(i32, 'dBm', { over: 10 });
const rxChain = struct({
  isRadioTuned: bool(), rxPower: tenthsDbm, ecio: measure(i32, 'dB', { over: 10 }), rscp: tenthsDbm, rsrp: tenthsDbm,
  phase: measure(u32, 'degrees', { over: 100, unavailable: 0xffffffff }),
});

/**
 * MCC/MNC are u16 numbers; the description is UTF-8 when valid, otherwise GSM-7 packed (libqmi
 * src/libqmi-glib/test/test-generated.c).
 */
const plmn = struct({ mcc: u16, mnc: u16, description: str8({ encoding: 'utf8-or-gsm7' }) });
const plmnPcs = struct({ mcc: u16, mnc: u16, includesPcsDigit: bool() });
const sidNid = struct({ sid: u16, nid: u16 });
const servingSystemCore = struct({
  registrationState, csAttachState: attachState, psAttachState: attachState, selectedNetwork: networkType,
  radioInterfaces: array(radioInterface),
});
const callBarring = struct({ csStatus: i32, psStatus: i32 });
const detailedServiceStatus = struct({ status: serviceStatus, capability: serviceDomain, hdrStatus: serviceStatus, hdrHybrid: bool(), forbidden: bool() });

/** TLVs with the same id in the Get Serving System response and the Serving System indication. */
const servingSystemCommon = {
  servingSystem: tlv(0x01, servingSystemCore),
  roamingIndicator: tlv(0x10, roamingIndicator),
  dataServiceCapability: tlv(0x11, array(dataCapability)),
  currentPlmn: tlv(0x12, plmn),
  cdmaSystemId: tlv(0x13, sidNid),
  cdmaBaseStationInfo: tlv(0x14, struct({ baseStationId: u16, latitude: quarterArcSeconds, longitude: quarterArcSeconds })),
  roamingIndicatorList: tlv(0x15, array(struct({ radioInterface: radioInterfaceU8, roamingIndicator }))),
  defaultRoamingIndicator: tlv(0x16, roamingIndicator),
  timeZone3gpp2: tlv(0x17, struct({ leapSeconds: u8, localTimeOffset: halfHours, daylightSavingTime: bool() })),
  cdmaPRev: tlv(0x18, u8),
};

/** Per-RAT service status and system info: shared by Get System Info and the System Info indication.
 *  A plain field list (not a struct's `.fields`, typed as any string key) so the structs that
 *  spread it keep these names in their value types. */
const systemInfoCommon = {
  domainValid: bool(), domain: serviceDomain,
  serviceCapabilityValid: bool(), serviceCapability: serviceDomain,
  roamingStatusValid: bool(), roamingStatus,
  forbiddenValid: bool(), forbidden: bool(),
  lacValid: bool(), lac: u16,
  cidValid: bool(), cid: u32,
  registrationRejectInfoValid: bool(), registrationRejectDomain: serviceDomain, registrationRejectCause: u8,
  // char[3] ASCII, 0xFF-padded for 2-digit MNCs (libqmi test "530"/"24").
  networkIdValid: bool(), mcc: fixedStr(3), mnc: fixedStr(3),
};
const rat3Status = struct({ serviceStatus, trueServiceStatus: serviceStatus, preferredDataPath: bool() });
const rat2Status = struct({ serviceStatus, preferredDataPath: bool() });

const systemInfoTlvs = {
  cdmaServiceStatus: tlv(0x10, rat2Status),
  hdrServiceStatus: tlv(0x11, rat2Status),
  gsmServiceStatus: tlv(0x12, rat3Status),
  wcdmaServiceStatus: tlv(0x13, rat3Status),
  lteServiceStatus: tlv(0x14, rat3Status),
  gsmSystemInfo: tlv(0x17, struct({ ...systemInfoCommon, egprsSupportValid: bool(), egprsSupport: bool(), dtmSupportValid: bool(), dtmSupport: bool() })),
  wcdmaSystemInfo: tlv(0x18, struct({
    ...systemInfoCommon, hsCallStatusValid: bool(), hsCallStatus: u8, hsServiceValid: bool(), hsService: u8,
    primaryScramblingCodeValid: bool(), primaryScramblingCode: u16,
  })),
  lteSystemInfo: tlv(0x19, struct({ ...systemInfoCommon, tacValid: bool(), tac: u16 })),
  additionalLteSystemInfo: tlv(0x1e, struct({ geoSystemIndex: u16 })),
  lteVoiceSupport: tlv(0x21, bool()),
  lteEmbmsCoverageInfoSupport: tlv(0x26, bool()),
  simRejectInfo: tlv(0x27, enumOf(u32, { 0: 'not-available', 1: 'available', 2: 'cs-invalid', 3: 'ps-invalid', 4: 'cs-ps-invalid' })),
  imsVoiceSupport: tlv(0x29, bool()),
  lteVoiceDomain: tlv(0x2a, enumOf(u32, { 0: 'none', 1: 'ims', 2: '1x', 3: '3gpp' })),
  networkSelectionRegistrationRestriction: tlv(0x2f, u32),
  lteRegistrationDomain: tlv(0x31, u32),
  lteEmbmsCoverageInfoTraceId: tlv(0x34, u16),
  lteCellAccessStatus: tlv(0x44, u32),
  nr5gServiceStatus: tlv(0x4a, rat3Status),
  nr5gTrackingAreaCode: tlv(0x50, fixedBytes(3)),
};

const signalInfoCore = {
  // RSSI, RSRP, RSCP and IO in dBm and RSRQ in dB as they are; ECIO, SINR and SNR scaled above.
  cdmaSignalStrength: tlv(0x10, struct({ rssi: i8, ecio: ecio16 })),
  hdrSignalStrength: tlv(0x11, struct({ rssi: i8, ecio: ecio16, sinr: hdrSinr, io: i32 })),
  gsmSignalStrength: tlv(0x12, i8),
  wcdmaSignalStrength: tlv(0x13, struct({ rssi: i8, ecio: ecio16 })),
  lteSignalStrength: tlv(0x14, struct({ rssi: i8, rsrq: i8, rsrp: i16, snr: snrTenths })),
  tdmaSignalStrength: tlv(0x15, i8),
};

/** QmiNasNetworkDescriptionEncoding, the public format libqmi 1.32 gives the PLMN name encodings. */
const plmnEncoding = enumOf(u8, { 0: 'unspecified', 1: 'ascii7', 4: 'unicode', 9: 'gsm' });

export const NAS = defineService({
  id: 0x03,
  name: 'NAS',
  messages: {
    registerIndications: defineMessage({
      id: 0x0003, name: 'Register Indications',
      request: {
        systemSelectionPreference: tlv(0x10, bool()),
        ddtmEvents: tlv(0x12, bool()),
        servingSystemEvents: tlv(0x13, bool()),
        dualStandbyPreference: tlv(0x14, bool()),
        subscriptionInfo: tlv(0x15, bool()),
        networkTime: tlv(0x17, bool()),
        systemInfo: tlv(0x18, bool()),
        signalInfo: tlv(0x19, bool()),
        errorRate: tlv(0x1a, bool()),
        hdrNewUatiAssigned: tlv(0x1b, bool()),
        hdrSessionClosed: tlv(0x1c, bool()),
        managedRoaming: tlv(0x1d, bool()),
        currentPlmnName: tlv(0x1e, bool()),
        embmsStatus: tlv(0x1f, bool()),
        rfBandInformation: tlv(0x20, bool()),
        networkRejectInformation: tlv(0x21, struct({ enableNetworkRejectIndications: bool(), suppressSystemInfoIndications: bool() })),
      },
      response: {},
    }),
    getSignalStrength: defineMessage({
      id: 0x0020, name: 'Get Signal Strength',
      request: {
        requestMask: tlv(0x10, flagsOf(u16, { 0: 'rssi', 1: 'ecio', 2: 'io', 3: 'sinr', 4: 'error-rate', 5: 'rsrq', 6: 'lte-snr', 7: 'lte-rsrp' })),
      },
      response: {
        signalStrength: req(0x01, struct({ strength: i8, radioInterface })),
        // These lists count their elements with a u16 (libqmi "size-prefix-format": "guint16").
        strengthList: tlv(0x10, array(struct({ strength: i8, radioInterface }), 'u16')),
        rssiList: tlv(0x11, array(struct({ rssi: rssiMagnitude, radioInterface }), 'u16')),
        ecioList: tlv(0x12, array(struct({ ecio: ecio8, radioInterface }), 'u16')),
        io: tlv(0x13, i32),
        sinr: tlv(0x14, hdrSinr),
        errorRateList: tlv(0x15, array(struct({ rate: u16, radioInterface }), 'u16')),
        rsrq: tlv(0x16, struct({ rsrq: i8, radioInterface })),
        lteSnr: tlv(0x17, snrTenths),
        lteRsrp: tlv(0x18, i16),
      },
    }),
    getServingSystem: defineMessage({
      id: 0x0024, name: 'Get Serving System',
      request: {},
      // Response and indication share ids up to 0x18, then diverge (libqmi nas.json).
      response: {
        ...servingSystemCommon,
        servingSystem: req(0x01, servingSystemCore),
        timeZone3gpp: tlv(0x1a, quarterHours),
        daylightSavingTimeAdjustment3gpp: tlv(0x1b, u8),
        lac3gpp: tlv(0x1c, u16),
        cid3gpp: tlv(0x1d, u32),
        concurrentServiceInfo3gpp2: tlv(0x1e, bool()),
        prlIndicator3gpp2: tlv(0x1f, bool()),
        dtmSupport: tlv(0x20, bool()),
        detailedServiceStatus: tlv(0x21, detailedServiceStatus),
        cdmaSystemInfo: tlv(0x22, struct({ mcc: u16, imsi1112: u8 })),
        hdrPersonality: tlv(0x23, u8),
        lteTac: tlv(0x24, u16),
        callBarringStatus: tlv(0x25, callBarring),
        umtsPrimaryScramblingCode: tlv(0x26, u16),
        mncPcsDigitIncludeStatus: tlv(0x27, plmnPcs),
        networkNameSource: tlv(0x29, u32),
      },
      indication: {
        ...servingSystemCommon,
        plmnNameFlag3gpp: tlv(0x19, bool()),
        timeZone3gpp: tlv(0x1a, quarterHours),
        daylightSavingTimeAdjustment3gpp: tlv(0x1b, u8),
        universalTimeAndLocalTimeZone3gpp: tlv(0x1c, struct({ year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8, timeZone: quarterHours })),
        lac3gpp: tlv(0x1d, u16),
        cid3gpp: tlv(0x1e, u32),
        concurrentServiceInfo3gpp2: tlv(0x1f, bool()),
        prlIndicator3gpp2: tlv(0x20, bool()),
        dtmSupport: tlv(0x21, bool()),
        detailedServiceStatus: tlv(0x22, detailedServiceStatus),
        cdmaSystemInfo: tlv(0x23, struct({ mcc: u16, imsi1112: u8 })),
        hdrPersonality: tlv(0x24, u8),
        lteTac: tlv(0x25, u16),
        callBarringStatus: tlv(0x26, callBarring),
        plmnNotChangedIndication: tlv(0x27, bool()),
        umtsPrimaryScramblingCode: tlv(0x28, u16),
        mncPcsDigitIncludeStatus: tlv(0x29, plmnPcs),
        networkNameSource: tlv(0x2b, u32),
      },
    }),
    getHomeNetwork: defineMessage({
      id: 0x0025, name: 'Get Home Network',
      request: {},
      response: {
        homeNetwork: req(0x01, plmn),
        homeSystemId: tlv(0x10, sidNid),
        homeNetwork3gpp2Ext: tlv(0x11, struct({ mcc: u16, mnc: u16, displayDescription: u8, descriptionEncoding: u8, description: bytes8() })),
        homeNetwork3gppMnc: tlv(0x12, struct({ is3gpp: bool(), includesPcsDigit: bool() })),
        networkNameSource: tlv(0x13, u32),
      },
    }),
    // libqmi nas.json "Set System Selection Preference" (0x0033): ModemManager's automatic (or
    // manual) network registration on a modem whose Get answers (MM's feature_nas_ssp).
    setSystemSelectionPreference: defineMessage({
      id: 0x0033, name: 'Set System Selection Preference',
      request: {
        emergencyMode: tlv(0x10, bool()),
        modePreference: tlv(0x11, flagsOf(u16, modeFlags)),
        bandPreference: tlv(0x12, u64),
        cdmaPrlPreference: tlv(0x13, u16),
        roamingPreference: tlv(0x14, enumOf(u16, { 1: 'off', 2: 'not-off', 3: 'not-flashing', 0xff: 'any' })),
        lteBandPreference: tlv(0x15, u64),
        networkSelectionPreference: tlv(0x16, struct({ mode: enumOf(u8, { 0: 'automatic', 1: 'manual' }), mcc: u16, mnc: u16 })),
        preferenceDuration: tlv(0x17, enumOf(u8, { 0: 'permanent', 1: 'power-cycle' })),
        serviceDomainPreference: tlv(0x18, enumOf(u32, { 0: 'cs-only', 1: 'ps-only', 2: 'cs-ps', 3: 'ps-attach', 4: 'ps-detach' })),
        gsmWcdmaAcquisitionOrderPreference: tlv(0x19, enumOf(u32, { 0: 'automatic', 1: 'gsm', 2: 'wcdma' })),
        mncPcsDigitIncludeStatus: tlv(0x1a, bool()),
        tdScdmaBandPreference: tlv(0x1d, u64),
      },
      response: {},
    }),
    getSystemSelectionPreference: defineMessage({
      id: 0x0034, name: 'Get System Selection Preference',
      request: {},
      response: {
        emergencyMode: tlv(0x10, bool()),
        modePreference: tlv(0x11, flagsOf(u16, modeFlags)),
        bandPreference: tlv(0x12, u64),
        roamingPreference: tlv(0x14, enumOf(u16, { 1: 'off', 2: 'not-off', 3: 'not-flashing', 0xff: 'any' })),
        lteBandPreference: tlv(0x15, u64),
        networkSelectionPreference: tlv(0x16, enumOf(u8, { 0: 'automatic', 1: 'manual' })),
        serviceDomainPreference: tlv(0x18, enumOf(u32, { 0: 'cs-only', 1: 'ps-only', 2: 'cs-ps', 3: 'ps-attach', 4: 'ps-detach' })),
        gsmWcdmaAcquisitionOrderPreference: tlv(0x19, enumOf(u32, { 0: 'automatic', 1: 'gsm', 2: 'wcdma' })),
        manualNetworkSelection: tlv(0x1b, plmnPcs),
        acquisitionOrderPreference: tlv(0x1c, array(radioInterface)),
        networkSelectionRegistrationRestriction: tlv(0x1d, u32),
        usagePreference: tlv(0x1f, u32),
        voiceDomainPreference: tlv(0x20, u32),
        disabledModes: tlv(0x22, flagsOf(u16, modeFlags)),
        extendedLteBandPreference: tlv(0x23, array(u64, 4)),
        nr5gSaBandPreference: tlv(0x2c, array(u64, 8)),
        nr5gNsaBandPreference: tlv(0x2d, array(u64, 8)),
      },
    }),
    // libqmi nas.json "Get RF Band Information" (0x0031): the band and channel each active radio
    // is on (ModemManager's current bands). Active band class: QmiNasActiveBand (LTE band n = 119 + n
    // for bands 1..14).
    getRfBandInformation: defineMessage({
      id: 0x0031, name: 'Get RF Band Information',
      request: {},
      response: {
        list: req(0x01, array(struct({ radioInterface, activeBandClass: u16, activeChannel: u16 }))),
        extendedList: tlv(0x11, array(struct({ radioInterface, activeBandClass: u16, activeChannel: u32 }))),
        bandwidthList: tlv(0x12, array(struct({ radioInterface, bandwidth: u32 }))),
      },
    }),
    // libqmi nas.json "Get PLMN Name" (0x0044): the operator's names for an MCC/MNC, from the
    // SIM's EONS files or the modem's static table (what mmcli shows as operator name).
    getPlmnName: defineMessage({
      id: 0x0044, name: 'Get PLMN Name',
      request: {
        plmn: req(0x01, struct({ mcc: u16, mnc: u16 })),
        suppressSimError: tlv(0x10, bool()),
        mncPcsDigitIncludeStatus: tlv(0x11, bool()),
        alwaysSendPlmnName: tlv(0x12, bool()),
        useStaticTableOnly: tlv(0x13, bool()),
      },
      response: {
        // Each name is a u8-counted byte array in the encoding before it. libqmi reads 0 as the GSM
        // default alphabet one character per byte (qmicli prints 41 42 as 'AB'); 1 as UCS-2 LE
        // in its helpers but qmicli 1.32 prints such names empty, so the simulator sends 0.
        eonsPlmnName3gpp: tlv(0x10, struct({
          serviceProviderNameEncoding: plmnEncoding, serviceProviderName: bytes8(),
          shortNameEncoding: plmnEncoding, shortNameCountryInitials: u8, shortNameSpareBits: u8, shortName: bytes8(),
          longNameEncoding: plmnEncoding, longNameCountryInitials: u8, longNameSpareBits: u8, longName: bytes8(),
        })),
      },
    }),
    getSystemInfo: defineMessage({
      id: 0x004d, name: 'Get System Info',
      request: {},
      response: systemInfoTlvs,
    }),
    // Sent after Register Indications with systemInfo: true; same TLV ids as Get System Info.
    systemInfo: defineMessage({
      id: 0x004e, name: 'System Info',
      indication: systemInfoTlvs,
    }),
    getSignalInfo: defineMessage({
      id: 0x004f, name: 'Get Signal Info',
      request: {},
      response: {
        ...signalInfoCore,
        tdmaSignalStrengthExtended: tlv(0x16, struct({ rssi: i32, rscp: i32, ecio: i32, sinr: i32 })),
        // TD-SCDMA extended: qmicli prints these as they come (dB/dBm), so no scale here.
        // 5G RSRP/SNR/RSRQ: -32768 means not available (EN-DC without an NR leg).
        nr5gSignalStrength: tlv(0x17, struct({ rsrp: nrRsrp, snr: nrSnr })),
        nr5gSignalStrengthExtended: tlv(0x18, nrRsrq),
      },
    }),
    getTxRxInfo: defineMessage({
      id: 0x005a, name: 'Get Tx Rx Info',
      // libqmi nas.json: the radio interface is a gint8 here.
      request: { radioInterface: req(0x01, radioInterface) },
      response: {
        rxChain0Info: tlv(0x10, rxChain),
        rxChain1Info: tlv(0x11, rxChain),
        txInfo: tlv(0x12, struct({ isInTraffic: bool(), txPower: tenthsDbm })),
        rxChain2Info: tlv(0x15, rxChain),
        rxChain3Info: tlv(0x16, rxChain),
      },
    }),
    // Sent after Register Indications with signalInfo: true (libqmi lists 0x10..0x15 for it).
    signalInfo: defineMessage({
      id: 0x0051, name: 'Signal Info',
      indication: signalInfoCore,
    }),
  },
});
