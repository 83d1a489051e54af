// The report's JSON Schema (draft 2020-12), checked by Ajv: a report with every fact validates,
// reports that break the contract do not, the version is one number in three places, and every
// member the schema names is described in docs/report.md.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildReport, REPORT_SCHEMA_ID, REPORT_SCHEMA_VERSION, type Report } from '../../main/report/model.ts';
import { fullInput, ENV } from './fixtures.ts';
import { schema, schemaErrors } from './schema-check.ts';

const full = (): Report => buildReport(fullInput());
const mutate = (f: (r: Record<string, unknown>) => void): unknown => {
  const r = JSON.parse(JSON.stringify(full())) as Record<string, unknown>;
  f(r);
  return r;
};

test('a report with every fact, finding, undo record, signal sample and exchange validates', () => {
  const r = full();
  assert.deepEqual(schemaErrors(r), []);
  assert.equal(Object.keys(r.facts ?? {}).length, 16, 'every fact of the contract is in it');
});

test('the smallest report (nothing diagnosed: environment only) validates', () => {
  assert.deepEqual(schemaErrors(buildReport({ environment: ENV })), []);
});

test('reports that break the contract are rejected, each saying where', () => {
  const cases: [string, (r: Record<string, unknown>) => void, RegExp][] = [
    ['no transcript', (r) => { delete r.transcript; }, /must have required property 'transcript'/],
    ['an unknown member', (r) => { r.extra = 1; }, /must NOT have additional properties/],
    ['another schema version', (r) => { r.schemaVersion = '0.9.0'; }, /^\/schemaVersion must be equal to constant/],
    ['a severity that is not one', (r) => { (r.findings as { severity: string }[])[0]!.severity = 'fatal'; }, /^\/findings\/0\/severity/],
    ['evidence that is not a seq', (r) => { (r.findings as { evidence: { exchanges: unknown[] }[] }[])[0]!.evidence[0]!.exchanges = [0]; }, /^\/findings\/0\/evidence\/0\/exchanges\/0 must be >= 1/],
    ['a fact without its evidence', (r) => { delete ((r.facts as Record<string, Record<string, unknown>>).sim!).evidence; }, /^\/facts\/sim must have required property 'evidence'/],
    ['a SIM state the contract does not have', (r) => { ((r.facts as Record<string, { value: { state: string } }>).sim!).value.state = 'locked'; }, /^\/facts\/sim\/value\/state/],
    ['a password in a profile', (r) => { ((r.facts as Record<string, { value: { profiles: Record<string, unknown>[] } }>).profiles!).value.profiles[0]!.password = 'x'; }, /^\/facts\/profiles\/value\/profiles\/0 must NOT have additional properties/],
    ['a time that is not ISO 8601', (r) => { (r.transcript as { time: string }[])[0]!.time = 'yesterday'; }, /^\/transcript\/0\/time must match format "date-time"/],
    ['redaction claiming secrets kept', (r) => { (r.redaction as Record<string, unknown>).secrets = 'masked'; }, /^\/redaction\/secrets/],
  ];
  for (const [what, f, expected] of cases) {
    const errors = schemaErrors(mutate(f));
    assert.ok(errors.some((e) => expected.test(e)), `${what}: ${errors.join(' | ') || 'accepted'}`);
  }
});

test('the version is one number: the schema\'s $id and const, the model, every report', () => {
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(schema.$id, REPORT_SCHEMA_ID);
  assert.ok(REPORT_SCHEMA_ID.endsWith(REPORT_SCHEMA_VERSION));
  const props = schema.properties as Record<string, { const?: string }>;
  assert.equal(props.schemaVersion?.const, REPORT_SCHEMA_VERSION);
  assert.equal(props.schema?.const, REPORT_SCHEMA_ID);
  const r = full();
  assert.deepEqual([r.schema, r.schemaVersion], [REPORT_SCHEMA_ID, REPORT_SCHEMA_VERSION]);
});

/** Every property name the schema declares, at any depth. */
function propertyNames(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) { for (const x of node) propertyNames(x, into); return into; }
  if (node === null || typeof node !== 'object') return into;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' && v && typeof v === 'object') for (const name of Object.keys(v)) into.add(name);
    propertyNames(v, into);
  }
  return into;
}

test('docs/report.md describes every member the schema declares, and names the schema version', () => {
  const doc = fs.readFileSync(new URL('../../docs/report.md', import.meta.url), 'utf8');
  const missing = [...propertyNames(schema)].filter((name) => !doc.includes(`\`${name}\``));
  assert.deepEqual(missing, [], 'members without a description in docs/report.md');
  assert.ok(doc.includes(REPORT_SCHEMA_ID), 'the doc names the schema $id');
});
