// QMI frames that came off real modems, decoded by our codec and checked against the values the
// capture's own tool printed. Table-driven: one row per capture, each with its source.
//
// Two kinds of rows:
//  - `hex`: the whole frame exactly as logged (qmicli / ModemManager "RAW: data = ...").
//  - `tlvs`: only the TLV area was published (the rest of the frame was not). We keep those TLV
//    bytes untouched and put a QMUX + QMI header in front of them ourselves (`wrap` below); the
//    header's client id and transaction id are therefore ours, not the modem's.
// No capture below carries an IMSI, ICCID, IMEI or phone number; nothing was masked or changed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHexFrame, type DecodedMessage } from '../../main/qmi/message-codec.ts';

interface Capture {
  name: string;
  /** Where the bytes come from: repository + file or issue, or URL. */
  source: string;
  hex?: string;
  tlvs?: { service: number; clientId: number; kind: 'response' | 'indication'; transactionId: number; messageId: number; hex: string };
  service: string;
  message: string;
  kind: 'response' | 'indication';
  result?: { status: 'success' | 'failure'; errorName: string };
  fields?: Record<string, unknown>;
  unknownTlvs?: number[];
  check?: (m: DecodedMessage) => void;
}

/** QMUX (modem to host, flags 0x80) + service header (7 bytes) around a published TLV area. */
function wrap(t: NonNullable<Capture['tlvs']>): string {
  const tlvs = Buffer.from(t.hex.replace(/[\s:]/g, ''), 'hex');
  const sdu = Buffer.alloc(7);
  sdu[0] = t.kind === 'response' ? 0x02 : 0x04;
  sdu.writeUInt16LE(t.transactionId, 1);
  sdu.writeUInt16LE(t.messageId, 3);
  sdu.writeUInt16LE(tlvs.length, 5);
  const rest = Buffer.concat([Buffer.from([0x80, t.service, t.clientId]), sdu, tlvs]);
  const length = Buffer.alloc(2);
  length.writeUInt16LE(rest.length + 2);
  return Buffer.concat([Buffer.from([0x01]), length, rest]).toString('hex');
}

const CAPTURES: Capture[] = [
  {
    // uqmi on an ARMv5 router (OpenWrt 21.02, mxs target) printing each frame it sent and got:
    // the modem answers 802.3 (TLV 0x11 = 01 00 00 00), yet uqmi printed "unknown" — the same
    // misaligned-load family as the seed's one-byte-off values. A byte-wise decoder reads it right.
    name: 'WDA Get Data Format from a real modem: link layer 802-3, no aggregation',
    source: 'openwrt/openwrt issue #9664 ("uqmi: broken message parser on some hardware platforms")',
    hex: '01410080 1a010201 00210035 00020400 00000000 10010000 11040001 00000012 04000000 00001304 00000000 00140400 00000000 15040000 00000016 04000000 0000'.replace(/ /g, ''),
    service: 'WDA', message: 'Get Data Format', kind: 'response',
    result: { status: 'success', errorName: 'none' },
    fields: {
      qosFormat: false, linkLayerProtocol: '802-3', uplinkDataAggregationProtocol: 'disabled',
      downlinkDataAggregationProtocol: 'disabled', ndpSignature: 0,
      downlinkDataAggregationMaxDatagrams: 0, downlinkDataAggregationMaxSize: 0,
    },
    unknownTlvs: [],
  },
  {
    // The same session's CTL exchange: a WDA client id allocated, then released.
    name: 'CTL Allocate CID for WDA (0x1a) from the same modem: client id 1',
    source: 'openwrt/openwrt issue #9664',
    hex: '011700800000010122000c00020400000000000102001a01',
    service: 'CTL', message: 'Allocate CID', kind: 'response',
    result: { status: 'success', errorName: 'none' },
    fields: { allocation: { service: 0x1a, clientId: 1 } },
    unknownTlvs: [],
  },
  {
    // TLVs "captured from modem debug for GetCurrentSettings" (the test's own words): an LTE data
    // session on a 3GPP profile 1, MTU 1400, Google DNS. TLV 0x24 (P-CSCF domain names) is
    // present and empty.
    name: 'WDS Get Current Settings: IPv4 session, /29 gateway, MTU 1400, EPC technology',
    source: 'nerves-networking/qmi test/qmi/codec/wireless_data_test.exs, "parses real-world TLVs from modem log"',
    tlvs: {
      service: 0x01, clientId: 1, kind: 'response', transactionId: 1, messageId: 0x002d,
      hex: `02 04 00 00 00 00 00  11 01 00 00  15 04 00 08 08 08 08  16 04 00 04 04 08 08  1d 01 00 00
        1e 04 00 63 68 88 0a  1f 02 00 00 01  20 04 00 64 68 88 0a  21 04 00 f8 ff ff ff  22 01 00 00
        23 01 00 00  24 01 00 00  29 04 00 78 05 00 00  2a 01 00 00  2b 01 00 04  2c 01 00 00  2d 02 00 80 88`,
    },
    service: 'WDS', message: 'Get Current Settings', kind: 'response',
    result: { status: 'success', errorName: 'none' },
    fields: {
      pdpType: 'ipv4',
      primaryIpv4DnsAddress: '8.8.8.8',
      secondaryIpv4DnsAddress: '8.8.4.4',
      authentication: [],
      ipv4Address: '10.136.104.99',
      profileId: { profileType: '3gpp', profileIndex: 1 },
      ipv4GatewayAddress: '10.136.104.100',
      ipv4GatewaySubnetMask: '255.255.255.248',
      pcscfAddressUsingPco: false,
      pcscfServerAddressList: [],
      pcscfDomainNameList: [],
      mtu: 1400,
      domainNameList: [],
      ipFamily: 'ipv4',
      imcnFlag: 0,
      // 0x8880 = EPC (libqmi QmiWdsExtendedTechnologyPreference).
      extendedTechnologyPreference: 0x8880,
    },
    unknownTlvs: [],
  },
  {
    // Serving System indication from a UMTS modem on PLMN 310/410, 31 Aug 2021; the Elixir test
    // expects LAC 48989, cell 27663611, registered, attached, UMTS, not roaming.
    name: 'NAS Serving System indication: UMTS 310/410, LAC 48989, cell 27663611, network time',
    source: 'nerves-networking/qmi test/qmi/codec/network_access_test.exs, "parses serving system indication"',
    tlvs: {
      service: 0x03, clientId: 0xff, kind: 'indication', transactionId: 165, messageId: 0x0024,
      hex: `01 06 00 01 01 01 02 01 05  11 04 00 03 03 04 05  12 05 00 36 01 9a 01 00  28 02 00 73 00
        29 05 00 36 01 9a 01 01  1e 04 00 fb 1c a6 01  1a 01 00 f0  1b 01 00 01
        1c 08 00 e5 07 08 1f 16 26 05 f0  1d 02 00 5d bf  10 01 00 01`,
    },
    service: 'NAS', message: 'Get Serving System', kind: 'indication',
    fields: {
      servingSystem: {
        registrationState: 'registered', csAttachState: 'attached', psAttachState: 'attached',
        selectedNetwork: '3gpp', radioInterfaces: ['umts'],
      },
      roamingIndicator: 'off',
      dataServiceCapability: ['hsdpa', 'hsupa', 'wcdma'],
      currentPlmn: { mcc: 310, mnc: 410, description: '' },
      mncPcsDigitIncludeStatus: { mcc: 310, mnc: 410, includesPcsDigit: true },
      lac3gpp: 48989,
      cid3gpp: 27663611,
      umtsPrimaryScramblingCode: 115,
      // Quarter hours: -16 = UTC-4 (the Elixir test: utc offset -18000 s plus 3600 s DST), shown in
      // minutes as qmicli prints it ("3GPP time zone offset: '-240' minutes"), the raw count kept.
      timeZone3gpp: { minutes: -240, raw: -16 },
      daylightSavingTimeAdjustment3gpp: 1,
    },
    unknownTlvs: [],
    check: (m) => {
      const t = m.fields.universalTimeAndLocalTimeZone3gpp as Record<string, number>;
      assert.deepEqual([t.year, t.month, t.day, t.hour, t.minute, t.second], [2021, 8, 31, 22, 38, 5]);
      // 0xF0 is a signed quarter-hour count, the same -16 (UTC-4) as TLV 0x1A: not 240.
      assert.deepEqual(t.timeZone, { minutes: -240, raw: -16 });
    },
  },
  {
    // Sierra EM7455 under ModemManager: DMS "UIM Get CK Status" (0x0040) refused. A message we do
    // not declare must still give its result.
    name: 'DMS 0x0040 (undeclared) from an EM7455: failure InvalidQmiCommand still decoded',
    source: 'openwrt/packages issue #10565 (ModemManager debug log, 2019-11-23)',
    hex: '01:13:00:80:02:02:02:0F:00:40:00:07:00:02:04:00:01:00:47:00',
    service: 'DMS', message: 'unknown-0x0040', kind: 'response',
    result: { status: 'failure', errorName: 'invalid-qmi-command' },
    fields: {},
    unknownTlvs: [],
    check: (m) => {
      assert.equal(m.clientId, 2);
      assert.equal(m.transactionId, 15);
      assert.equal(m.result?.error, 71);
    },
  },
  {
    // Gobi 3000 MC8355: Sierra "Set FCC Authentication" (0x555F) answered NoEffect.
    name: 'DMS 0x555F from an MC8355: failure NoEffect (26)',
    source: 'https://lists.freedesktop.org/archives/modemmanager-devel/2016-August/003345.html',
    hex: '01:13:00:80:02:04:02:01:00:5F:55:07:00:02:04:00:01:00:1A:00',
    service: 'DMS', message: '', kind: 'response',
    result: { status: 'failure', errorName: 'no-effect' },
    unknownTlvs: [],
    check: (m) => {
      assert.equal(m.message.id, 0x555f);
      assert.equal(m.clientId, 4);
      assert.equal(m.transactionId, 1);
      assert.equal(m.result?.error, 26);
    },
  },
];

for (const c of CAPTURES) {
  test(`capture: ${c.name} [${c.source}]`, () => {
    const hex = c.hex ?? wrap(c.tlvs!);
    const out = decodeHexFrame(hex);
    if (!out.ok) assert.fail(`${out.error.code}: ${out.error.message}`);
    const m = out.message;
    assert.equal(m.service.name, c.service);
    if (c.message) assert.equal(m.message.name, c.message);
    assert.equal(m.kind, c.kind);
    if (c.result) {
      assert.equal(m.result?.status, c.result.status);
      assert.equal(m.result?.errorName, c.result.errorName);
    } else {
      assert.equal(m.result, undefined);
    }
    for (const [k, v] of Object.entries(c.fields ?? {})) assert.deepEqual(m.fields[k], v, `field ${k}`);
    if (c.unknownTlvs) assert.deepEqual(m.unknownTlvs.map((t) => t.type), c.unknownTlvs);
    assert.deepEqual(m.tlvErrors, []);
    c.check?.(m);
  });
}
