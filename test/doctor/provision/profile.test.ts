// The provisioning profile's published JSON Schema (docs/provisioning.schema.json), checked with a
// real validator (Ajv, draft 2020-12), and the engine's own field-by-field check: the example in
// docs/provisioning.md is valid for both, and for every document below both agree on valid or not.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseProfile, parseProfileText, ProfileError } from '../../../main/doctor/provision/profile.ts';

const schema = JSON.parse(fs.readFileSync(new URL('../../../docs/provisioning.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

function engineAccepts(doc: unknown): boolean {
  try {
    parseProfile(doc);
    return true;
  } catch (e) {
    if (e instanceof ProfileError) return false;
    throw e;
  }
}

const VALID: unknown[] = [
  { version: 1, dataFormat: 'raw-ip' },
  { version: 1, autoconnect: true },
  { version: 1, usbComposition: 'qmi' },
  { version: 1, usbComposition: 0x50d },
  { version: 1, apn: { name: 'internet.it' } },
  { version: 1, apn: { name: 'internet.it', auth: 'none' } },
  { version: 1, apn: { name: 'web.vodafone.de', profile: 3, pdpType: 'ipv6', auth: 'chap', username: 'vf' } },
  { version: 1, apn: { name: 'internet', username: 'u' } },
  { version: 1, apn: { fromDatabase: true } },
  { version: 1, apn: { fromDatabase: true, profile: 2, pdpType: 'ipv4v6', auth: 'pap', username: 'u' } },
  { $schema: './provisioning.schema.json', version: 1, name: 'x', dataFormat: '802-3', autoconnect: false },
];

const INVALID: unknown[] = [
  {},
  { version: 1 },
  { version: 1, name: 'only a name' },
  { version: 2, dataFormat: 'raw-ip' },
  { version: 1, dataFormat: 'raw_ip' },
  { version: 1, autoconnect: 'no' },
  { version: 1, usbComposition: 'rmnet' },
  { version: 1, usbComposition: -1 },
  { version: 1, usbComposition: 1.5 },
  { version: 1, apn: 'internet.it' },
  { version: 1, apn: {} },
  { version: 1, apn: { fromDatabase: false } },
  { version: 1, apn: { fromDatabase: 'yes' } },
  { version: 1, apn: { name: 'internet.it', fromDatabase: true } },
  { version: 1, apn: { fromDatabase: true, auth: 'chap' } },
  { version: 1, apn: { name: 'has space' } },
  { version: 1, apn: { name: '"quoted"' } },
  { version: 1, apn: { name: 'internet.it', profile: 0 } },
  { version: 1, apn: { name: 'internet.it', profile: 25 } },
  { version: 1, apn: { name: 'internet.it', pdpType: 'ip' } },
  { version: 1, apn: { name: 'internet.it', auth: 'pap' } },
  { version: 1, apn: { name: 'internet.it', auth: 'none', username: 'u' } },
  { version: 1, apn: { name: 'internet.it', username: 'a"b' } },
  { version: 1, apn: { name: 'internet.it', username: 'u', password: 'secret' } },
  { version: 1, dataFormat: 'raw-ip', pin: '1234' },
  { version: 1, dataFormat: 'raw-ip', bands: [3, 7] },
  [{ version: 1 }],
  null,
];

test('the example in docs/provisioning.md is valid for the schema and for the engine', () => {
  const md = fs.readFileSync(new URL('../../../docs/provisioning.md', import.meta.url), 'utf8');
  const example = /```json\n([^]*?)```/.exec(md)?.[1];
  assert.ok(example, 'docs/provisioning.md has a JSON example');
  const doc = JSON.parse(example) as unknown;
  assert.equal(validate(doc), true, JSON.stringify(validate.errors));
  const p = parseProfileText(example);
  assert.equal(p.apn?.name, 'internet.it');
  assert.equal(p.dataFormat, 'raw-ip');
});

test('the schema and the engine agree on every document: valid ones pass both, invalid ones fail both', () => {
  for (const doc of VALID) {
    assert.equal(validate(doc), true, `schema: ${JSON.stringify(doc)} ${JSON.stringify(validate.errors)}`);
    assert.equal(engineAccepts(doc), true, `engine: ${JSON.stringify(doc)}`);
  }
  for (const doc of INVALID) {
    assert.equal(validate(doc), false, `schema accepted ${JSON.stringify(doc)}`);
    assert.equal(engineAccepts(doc), false, `engine accepted ${JSON.stringify(doc)}`);
  }
});

test('a secret in a profile is refused with words that say where secrets come from; every problem is listed at once', () => {
  assert.throws(() => parseProfile({ version: 1, apn: { name: 'internet.it', username: 'u', password: 'hunter2' } }),
    (e: ProfileError) => e.problems.some((p) => /^apn\.password: secrets never go in a profile: .*--secrets-stdin/.test(p)) && !e.message.includes('hunter2'));
  assert.throws(() => parseProfile({ version: 1, dataFormat: 'raw', autoconnect: 1, simPin: '1234' }),
    (e: ProfileError) => e.problems.length === 3 && e.problems.some((p) => p.startsWith('simPin: secrets never')) && !e.message.includes('1234'));
  assert.throws(() => parseProfileText('{"version": 1,'), (e: ProfileError) => /not JSON/.test(e.message));
});
