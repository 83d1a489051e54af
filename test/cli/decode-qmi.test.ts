// `modem-doctor decode qmi`: real captured frames in, one JSON object out; malformed frames give
// an error object with an offset and exit 2; "-" streams JSON Lines and never stops at a bad line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/run-cli.ts';

// qmicli <-> simulator capture measured on this project's test machines (docs/real-tools.md): DMS
// Get IDs response.
const GET_IDS = '012d00800201020100250021000204000000000010010030110f0038363736393830343132333435363712010030';

test('decodes a captured DMS Get IDs response into named, typed fields', async () => {
  const r = await runCli(['decode', 'qmi', GET_IDS]);
  assert.equal(r.code, 0);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.service, { id: 2, name: 'DMS' });
  assert.equal(j.message.id, 0x25);
  assert.equal(j.message.name, 'Get IDs');
  assert.equal(j.kind, 'response');
  assert.equal(j.transactionId, 1);
  assert.equal(j.clientId, 1);
  assert.deepEqual(j.result, { status: 'success', error: 0, errorName: 'none' });
  assert.equal(j.fields.imei, '867698041234567');
});

test('a truncated frame prints an error with its offset and exits 2', async () => {
  const r = await runCli(['decode', 'qmi', GET_IDS.slice(0, 40)]);
  assert.equal(r.code, 2);
  const j = JSON.parse(r.stdout);
  assert.equal(j.error.offset, 1);
  assert.match(j.error.message, /length/);
});

test('"-" reads one frame per line and keeps going past bad lines', async () => {
  const input = [GET_IDS, 'not hex', '0101', '010b00000000000227000000', ''].join('\n');
  const r = await runCli(['decode', 'qmi', '-'], input);
  assert.equal(r.code, 2, 'exit 2 because some lines were bad');
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  assert.equal(lines[0].fields.imei, '867698041234567');
  assert.equal(lines[1].line, 2);
  assert.equal(lines[1].error.code, 'bad-hex');
  assert.equal(lines[2].error.code, 'too-short');
  assert.equal(lines[3].message.name, 'Sync');
});

// libqmi's test-generated.c: the DMS UIM Verify PIN request carrying PIN "1234".
const VERIFY_PIN = '01150000020100010028000900010600010431323334';

test('a PIN in a decoded frame is hidden unless --show-secrets is given', async () => {
  const hidden = await runCli(['decode', 'qmi', VERIFY_PIN]);
  assert.equal(hidden.code, 0);
  assert.equal(JSON.parse(hidden.stdout).fields.info, '[secret]');
  assert.ok(!hidden.stdout.includes('1234'));
  const lines = await runCli(['decode', 'qmi', '-'], `${VERIFY_PIN}\n`);
  assert.ok(!lines.stdout.includes('1234'), 'also in JSON Lines mode');
  const shown = await runCli(['decode', 'qmi', VERIFY_PIN, '--show-secrets']);
  assert.deepEqual(JSON.parse(shown.stdout).fields.info, { pinId: 'pin', pin: '1234' });
});

test('--help prints the usage and exits 0; no frame at all is a usage error', async () => {
  const help = await runCli(['decode', 'qmi', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: modem-doctor decode qmi/);
  const none = await runCli(['decode', 'qmi']);
  assert.equal(none.code, 2);
});

test('"-": every output line carries its input line number, so skipped blank and comment lines keep the pairing', async () => {
  const input = ['# a capture', GET_IDS, '', '   ', '# next', 'zz', '010b00000000000227000000'].join('\n');
  const r = await runCli(['decode', 'qmi', '-'], input);
  assert.equal(r.code, 2);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.line), [2, 6, 7]);
  assert.equal(lines[0].message.name, 'Get IDs');
  assert.equal(lines[1].error.code, 'bad-hex');
  assert.equal(lines[2].message.name, 'Sync');
});

test('decoded frames show the QMUX and CTL/service header flags', async () => {
  const reply = JSON.parse((await runCli(['decode', 'qmi', GET_IDS])).stdout);
  assert.deepEqual(reply.flags, { qmux: { value: 0x80, sender: 'service' }, sdu: { value: 0x02, names: ['response'] } });
  const sync = JSON.parse((await runCli(['decode', 'qmi', '010b00000000000227000000'])).stdout);
  assert.deepEqual(sync.flags, { qmux: { value: 0, sender: 'control-point' }, sdu: { value: 0, names: ['request'] } });
});

// openwrt/openwrt issue #9664: the CTL Allocate CID reply and the WDA Get Data Format reply that
// followed it on the port, byte for byte.
const ALLOC = '011700800000010122000c00020400000000000102001a01';
const WDA_FORMAT = '01410080 1a010201 00210035 00020400 00000000 10010000 11040001 00000012 04000000 00001304 00000000 00140400 00000000 15040000 00000016 04000000 0000'.replace(/ /g, '');

test('--stream --binary: a raw capture cut mid-frame at the end gives its frames, then the trailing bytes as an incomplete frame (exit 2)', async () => {
  const capture = Buffer.from(ALLOC + WDA_FORMAT + WDA_FORMAT.slice(0, 30), 'hex');
  const r = await runCli(['decode', 'qmi', '--stream', '--binary'], capture);
  assert.equal(r.code, 2);
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(out.length, 3);
  assert.equal(out[0].offset, 0);
  assert.equal(out[0].message.name, 'Allocate CID');
  assert.equal(out[1].offset, 24);
  assert.equal(out[1].fields.linkLayerProtocol, '802-3');
  assert.equal(out[2].offset, 24 + 66);
  assert.equal(out[2].error.code, 'incomplete-frame');
  assert.equal(out[2].hex, WDA_FORMAT.slice(0, 30));
  assert.match(out[2].error.message, /15 byte\(s\) of the 66 its header declares/);
});

test('--stream on hex text split across lines anywhere: frames joined, each with its offset and first line; exit 0', async () => {
  const text = `${ALLOC.slice(0, 7)}\n${ALLOC.slice(7)}${WDA_FORMAT.slice(0, 50)}\n  ${WDA_FORMAT.slice(50)}\n`;
  const r = await runCli(['decode', 'qmi', '--stream'], text);
  assert.equal(r.code, 0, r.stdout);
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(out.map((o) => [o.offset, o.line, o.message.name]), [[0, 1, 'Allocate CID'], [24, 2, 'Get Data Format']]);
});

test('--help lists every option with an example; an unknown option is a usage error', async () => {
  const help = await runCli(['decode', 'qmi', '--help']);
  assert.equal(help.code, 0);
  for (const o of ['--stream', '--binary', '--pretty', '--show-secrets', ' - ', 'example']) assert.ok(help.stdout.includes(o), o);
  const bad = await runCli(['decode', 'qmi', '--strem', '-']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown option --strem/);
});
