// WDA data format, hand-built from libqmi data/qmi-service-wda.json layouts: link layer protocol is
// a u32 (CTL's is a u16).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeOk, reencode } from './decode-helpers.ts';
import { WDA } from '../../main/qmi/services/index.ts';
import { encodeMessage } from '../../main/qmi/message-codec.ts';

test('WDA Get Data Format: raw-ip with QMAP aggregation, as applied by the modem', () => {
  const hex = `01 3A 00 80 1A 01 02 01 00 21 00 2E 00 02 04 00 00 00 00 00
    10 01 00 00
    11 04 00 02 00 00 00
    12 04 00 05 00 00 00
    13 04 00 05 00 00 00
    15 04 00 20 00 00 00
    16 04 00 00 40 00 00`;
  const { frame, message } = decodeOk(hex);
  assert.equal(message.service.name, 'WDA');
  assert.deepEqual(message.fields, {
    qosFormat: false, linkLayerProtocol: 'raw-ip', uplinkDataAggregationProtocol: 'qmap', downlinkDataAggregationProtocol: 'qmap',
    downlinkDataAggregationMaxDatagrams: 32, downlinkDataAggregationMaxSize: 16384,
  });
  assert.equal(reencode(frame, message), hex.replace(/\s/g, '').toLowerCase());
});

test('WDA Set Data Format request for 802.3 writes the protocol as 4 bytes', () => {
  const bytes = encodeMessage(WDA, WDA.messages.setDataFormat, 'request', { linkLayerProtocol: '802-3' }, { clientId: 1, transactionId: 1 });
  assert.equal(bytes.toString('hex'), '011300001a0100010020000700' + '1104000100' + '0000');
  const { message } = decodeOk(bytes.toString('hex'));
  assert.equal(message.fields.linkLayerProtocol, '802-3');
});

test('WDA Set Data Format response: the reply\'s UL aggregation TLVs are 0x17/0x18, not the request\'s 0x1B/0x1C', () => {
  const hex = '01 21 00 80 1A 01 02 02 00 20 00 15 00 02 04 00 00 00 00 00 11 04 00 02 00 00 00 17 04 00 0A 00 00 00';
  const { message } = decodeOk(hex);
  assert.equal(message.fields.linkLayerProtocol, 'raw-ip');
  assert.equal(message.fields.uplinkDataAggregationMaxDatagrams, 10);
});
