// WDS (service 0x01): data sessions, their settings, profiles, autoconnect.
// Layouts: libqmi data/qmi-service-wds.json; enum names as libqmi/qmicli print them.
// IPv4 values are u32 little-endian host values (ipv4 field); IPv6 are 8 big-endian u16 words.

import { array, bool, enumOf, flagsOf, i8, i16, i32, ipv4, ipv6, keyedEnum, str, str8, str16, struct, u8, u16, u32, u64 } from '../codec/fields.ts';
import { CALL_END_REASONS, VERBOSE_CALL_END_REASON_TYPES, VERBOSE_CALL_END_REASONS } from './wds-call-end-reasons.ts';
import { defineMessage, defineService, req, tlv } from '../schema.ts';

export const ipFamily = enumOf(u8, { 4: 'ipv4', 6: 'ipv6', 8: 'unspecified' });
export const pdpType = enumOf(u8, { 0: 'ipv4', 1: 'ppp', 2: 'ipv6', 3: 'ipv4-or-ipv6', 4: 'non-ip' });
export const profileType = enumOf(u8, { 0: '3gpp', 1: '3gpp2', 2: 'epc' });
const authentication = flagsOf(u8, { 0: 'pap', 1: 'chap' });
export const connectionStatus = enumOf(u8, { 1: 'disconnected', 2: 'connected', 3: 'suspended', 4: 'authenticating' });
const callEndReason = enumOf(u16, CALL_END_REASONS);
/** Type + reason, the number kept and named per type: { type: '3gpp', reason: 27, name: 'unknown-apn' }. */
const verboseCallEndReason = keyedEnum(enumOf(u16, VERBOSE_CALL_END_REASON_TYPES), i16, VERBOSE_CALL_END_REASONS);
export const dataBearerTechnology = enumOf(i8, {
  [-1]: 'unknown', 1: 'cdma20001x', 2: '1xevdo', 3: 'gsm', 4: 'umts', 5: '1xevdo-reva', 6: 'edge', 7: 'hsdpa', 8: 'hsupa',
  9: 'hsdpa-hsupa', 10: 'lte', 11: 'ehrpd', 12: 'hsdpaplus', 13: 'hsdpaplus-hsupa', 14: 'dchsdpaplus',
  15: 'dchsdpaplus-hsupa', 16: 'hsdpaplus-64qam', 17: 'hsdpaplus-64qam-hsupa', 18: 'tdscdma', 19: 'tdscdma-hsdpa',
});
const profileId = struct({ profileType, profileIndex: u8 });
const autoconnectStatus = enumOf(u8, { 0: 'disabled', 1: 'enabled', 2: 'paused' });
const autoconnectRoaming = enumOf(u8, { 0: 'allowed', 1: 'home-only' });
/** IPv6 address followed by its prefix length (17 bytes). */
const ipv6WithPrefix = struct({ address: ipv6, prefixLength: u8 });

/**
 * Profile settings TLVs: one declaration for Create, Modify and Get Profile Settings (libqmi
 * data/qmi-service-wds.json).
 */
const profileSettings = {
  profileName: tlv(0x10, str()),
  pdpType: tlv(0x11, pdpType),
  pdpHeaderCompressionType: tlv(0x12, u8),
  pdpDataCompressionType: tlv(0x13, u8),
  apnName: tlv(0x14, str()),
  primaryIpv4DnsAddress: tlv(0x15, ipv4),
  secondaryIpv4DnsAddress: tlv(0x16, ipv4),
  username: tlv(0x1b, str()),
  password: tlv(0x1c, str(), { secret: true }),
  authentication: tlv(0x1d, authentication),
  ipv4AddressPreference: tlv(0x1e, ipv4),
  ipv6AddressPreference: tlv(0x28, ipv6),
  ipv6PrimaryDnsAddressPreference: tlv(0x2b, ipv6),
  ipv6SecondaryDnsAddressPreference: tlv(0x2c, ipv6),
  addressAllocationPreference: tlv(0x2d, u8),
  apnDisabledFlag: tlv(0x2f, bool()),
  roamingDisallowedFlag: tlv(0x3e, bool()),
  apnTypeMask: tlv(0xdd, u64),
};
/** QmiWdsPacketStatisticsMaskFlag: which counters Set Event Report / Get Packet Statistics cover. */
const statisticsMask = flagsOf(u32, {
  0: 'tx-packets-ok', 1: 'rx-packets-ok', 2: 'tx-packets-error', 3: 'rx-packets-error', 4: 'tx-overflows',
  5: 'rx-overflows', 6: 'tx-bytes-ok', 7: 'rx-bytes-ok', 8: 'tx-packets-dropped', 9: 'rx-packets-dropped',
});
/** Extended error code some firmwares add to profile replies. */
const extendedError = tlv(0xe0, u16);

export const WDS = defineService({
  id: 0x01,
  name: 'WDS',
  messages: {
    setEventReport: defineMessage({
      id: 0x0001, name: 'Set Event Report',
      request: {
        channelRate: tlv(0x10, bool()),
        transferStatistics: tlv(0x11, struct({ intervalSeconds: u8, indicators: statisticsMask })),
        dataBearerTechnology: tlv(0x12, bool()),
        dormancyStatus: tlv(0x13, bool()),
        mipStatus: tlv(0x14, u8),
        currentDataBearerTechnology: tlv(0x15, bool()),
        dataCallStatus: tlv(0x17, bool()),
        preferredDataSystem: tlv(0x18, bool()),
        evdoPmChange: tlv(0x19, bool()),
        dataSystems: tlv(0x1a, bool()),
        uplinkFlowControl: tlv(0x1b, bool()),
        limitedDataSystemStatus: tlv(0x1c, bool()),
        pdnFilterRemovals: tlv(0x1d, bool()),
        extendedDataBearerTechnology: tlv(0x1e, bool()),
      },
      response: {},
      // The Event Report indication (same id), sent for what Set Event Report enabled.
      indication: {
        txPacketsOk: tlv(0x10, u32),
        rxPacketsOk: tlv(0x11, u32),
        txPacketsError: tlv(0x12, u32),
        rxPacketsError: tlv(0x13, u32),
        txOverflows: tlv(0x14, u32),
        rxOverflows: tlv(0x15, u32),
        channelRates: tlv(0x16, struct({ txRateBps: i32, rxRateBps: i32 })),
        dataBearerTechnology: tlv(0x17, dataBearerTechnology),
        dormancyStatus: tlv(0x18, enumOf(u8, { 1: 'traffic-channel-dormant', 2: 'traffic-channel-active' })),
        txBytesOk: tlv(0x19, u64),
        rxBytesOk: tlv(0x1a, u64),
        mipStatus: tlv(0x1b, bool()),
        currentDataBearerTechnology: tlv(0x1d, struct({ networkType: u8, ratMask: u32, soMask: u32 })),
        dataCallStatus: tlv(0x1f, enumOf(u8, { 0: 'unknown', 1: 'activated', 2: 'terminated' })),
        preferredDataSystem: tlv(0x20, u32),
        dataCallType: tlv(0x22, struct({ dataCallType: u8, tetheredCallType: u8 })),
        txPacketsDropped: tlv(0x25, u32),
        rxPacketsDropped: tlv(0x26, u32),
        uplinkFlowControlEnabled: tlv(0x27, bool()),
        // libqmi: "Yes, TLV wants a u32".
        dataCallAddressFamily: tlv(0x28, enumOf(u32, { 4: 'ipv4', 6: 'ipv6', 8: 'unspecified' })),
      },
    }),
    // libqmi wds.json "Indication Register" (0x0003): which WDS indications a client wants.
    // Its request TLVs (extended IP configuration, profile changes, ...) are optional and the
    // simulator sends none of those indications, so they stay undeclared (kept as unknown TLVs).
    indicationRegister: defineMessage({
      id: 0x0003, name: 'Indication Register',
      request: {},
      response: {},
    }),
    startNetwork: defineMessage({
      id: 0x0020, name: 'Start Network',
      request: {
        primaryDnsAddressPreference: tlv(0x10, ipv4),
        secondaryDnsAddressPreference: tlv(0x11, ipv4),
        primaryNbnsAddressPreference: tlv(0x12, ipv4),
        secondaryNbnsAddressPreference: tlv(0x13, ipv4),
        apn: tlv(0x14, str()),
        ipv4AddressPreference: tlv(0x15, ipv4),
        authenticationPreference: tlv(0x16, authentication),
        username: tlv(0x17, str()),
        password: tlv(0x18, str(), { secret: true }),
        ipFamilyPreference: tlv(0x19, ipFamily),
        technologyPreference: tlv(0x30, flagsOf(u8, { 0: '3gpp', 1: '3gpp2' })),
        profileIndex3gpp: tlv(0x31, u8),
        profileIndex3gpp2: tlv(0x32, u8),
        enableAutoconnect: tlv(0x33, bool()),
        extendedTechnologyPreference: tlv(0x34, u16),
        callType: tlv(0x35, enumOf(u8, { 0: 'laptop', 1: 'embedded' })),
      },
      response: {
        packetDataHandle: req(0x01, u32),
        // Present with CALL_FAILED: why the network refused (libqmi data/qmi-service-wds.json; 3GPP
        // reasons are TS 24.008 cause numbers).
        callEndReason: tlv(0x10, callEndReason),
        verboseCallEndReason: tlv(0x11, verboseCallEndReason),
      },
    }),
    stopNetwork: defineMessage({
      id: 0x0021, name: 'Stop Network',
      // Handle 0xFFFFFFFF is the global handle: it stops a modem-initiated (autoconnect) session.
      request: { packetDataHandle: req(0x01, u32), disableAutoconnect: tlv(0x10, bool()) },
      response: {},
    }),
    getPacketServiceStatus: defineMessage({
      id: 0x0022, name: 'Get Packet Service Status',
      request: {},
      response: { connectionStatus: req(0x01, connectionStatus) },
      // The Packet Service Status indication (same id) is always on.
      indication: {
        connectionStatus: tlv(0x01, struct({ status: connectionStatus, reconfigurationRequired: bool() })),
        callEndReason: tlv(0x10, callEndReason),
        verboseCallEndReason: tlv(0x11, verboseCallEndReason),
        ipFamily: tlv(0x12, ipFamily),
        bearerId: tlv(0x14, u8),
        xlatCapable: tlv(0x15, bool()),
      },
    }),
    // libqmi wds.json "Get Packet Statistics" (0x0024): counters of the current (or last) data
    // session; ModemManager reads it for its bearer statistics.
    getPacketStatistics: defineMessage({
      id: 0x0024, name: 'Get Packet Statistics',
      request: { mask: req(0x01, statisticsMask) },
      response: {
        txPacketsOk: tlv(0x10, u32),
        rxPacketsOk: tlv(0x11, u32),
        txPacketsError: tlv(0x12, u32),
        rxPacketsError: tlv(0x13, u32),
        txOverflows: tlv(0x14, u32),
        rxOverflows: tlv(0x15, u32),
        txBytesOk: tlv(0x19, u64),
        rxBytesOk: tlv(0x1a, u64),
        lastCallTxBytesOk: tlv(0x1b, u64),
        lastCallRxBytesOk: tlv(0x1c, u64),
        txPacketsDropped: tlv(0x1d, u32),
        rxPacketsDropped: tlv(0x1e, u32),
      },
    }),
    createProfile: defineMessage({
      id: 0x0027, name: 'Create Profile',
      request: { profileType: req(0x01, profileType), ...profileSettings },
      response: { profileIdentifier: req(0x01, profileId), extendedError },
    }),
    modifyProfile: defineMessage({
      id: 0x0028, name: 'Modify Profile',
      request: { profileIdentifier: req(0x01, profileId), ...profileSettings },
      response: { extendedError },
    }),
    // libqmi wds.json "Delete Profile" (0x0029): the profile identifier TLV 0x01 only; set-apn's
    // undo removes a profile it created with it.
    deleteProfile: defineMessage({
      id: 0x0029, name: 'Delete Profile',
      request: { profileIdentifier: req(0x01, profileId) },
      response: { extendedError },
    }),
    getProfileList: defineMessage({
      id: 0x002a, name: 'Get Profile List',
      request: { profileType: tlv(0x10, enumOf(u8, { 0: '3gpp', 1: '3gpp2', 2: 'epc', 0xff: 'all' })) },
      response: {
        profileList: req(0x01, array(struct({ profileType, profileIndex: u8, profileName: str8() }))),
        extendedError,
      },
    }),
    getProfileSettings: defineMessage({
      id: 0x002b, name: 'Get Profile Settings',
      request: { profileId: req(0x01, profileId) },
      response: { ...profileSettings, extendedError },
    }),
    getCurrentSettings: defineMessage({
      id: 0x002d, name: 'Get Current Settings',
      request: {
        requestedSettings: tlv(0x10, flagsOf(u32, {
          0: 'profile-id', 1: 'profile-name', 2: 'pdp-type', 3: 'apn-name', 4: 'dns-address', 5: 'granted-qos',
          6: 'username', 7: 'authentication-protocol', 8: 'ip-address', 9: 'gateway-info', 10: 'pcscf-address',
          11: 'pcscf-server-address-list', 12: 'pcscf-domain-name-list', 13: 'mtu', 14: 'domain-name-list',
          15: 'ip-family', 16: 'imcn-flag', 17: 'extended-technology-preference', 18: 'operator-reserved-pco',
        })),
      },
      response: {
        profileName: tlv(0x10, str()),
        pdpType: tlv(0x11, pdpType),
        apnName: tlv(0x14, str()),
        primaryIpv4DnsAddress: tlv(0x15, ipv4),
        secondaryIpv4DnsAddress: tlv(0x16, ipv4),
        username: tlv(0x1b, str()),
        authentication: tlv(0x1d, authentication),
        ipv4Address: tlv(0x1e, ipv4),
        profileId: tlv(0x1f, profileId),
        ipv4GatewayAddress: tlv(0x20, ipv4),
        ipv4GatewaySubnetMask: tlv(0x21, ipv4),
        pcscfAddressUsingPco: tlv(0x22, bool()),
        pcscfServerAddressList: tlv(0x23, array(ipv4)),
        // Same shape as the domain name list 0x2A; seen empty (24 01 00 00) in a real capture.
        pcscfDomainNameList: tlv(0x24, array(str16())),
        ipv6Address: tlv(0x25, ipv6WithPrefix),
        ipv6GatewayAddress: tlv(0x26, ipv6WithPrefix),
        ipv6PrimaryDnsAddress: tlv(0x27, ipv6),
        ipv6SecondaryDnsAddress: tlv(0x28, ipv6),
        mtu: tlv(0x29, u32),
        domainNameList: tlv(0x2a, array(str16())),
        ipFamily: tlv(0x2b, ipFamily),
        imcnFlag: tlv(0x2c, i8),
        extendedTechnologyPreference: tlv(0x2d, u16),
      },
    }),
    getAutoconnectSettings: defineMessage({
      id: 0x0034, name: 'Get Autoconnect Settings',
      request: {},
      response: { status: req(0x01, autoconnectStatus), roaming: tlv(0x10, autoconnectRoaming) },
    }),
    getDataBearerTechnology: defineMessage({
      id: 0x0037, name: 'Get Data Bearer Technology',
      request: {},
      response: { current: req(0x01, dataBearerTechnology), last: tlv(0x10, dataBearerTechnology) },
    }),
    setIpFamily: defineMessage({
      id: 0x004d, name: 'Set IP Family',
      request: { preference: req(0x01, ipFamily) },
      response: {},
    }),
    setAutoconnectSettings: defineMessage({
      id: 0x0051, name: 'Set Autoconnect Settings',
      request: { status: req(0x01, autoconnectStatus), roaming: tlv(0x10, autoconnectRoaming) },
      response: {},
    }),
  },
});
