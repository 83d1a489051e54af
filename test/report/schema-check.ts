// The report's published JSON Schema, checked with a real validator (Ajv, draft 2020-12, with
// the formats the schema uses): what every report test runs its reports through.

import fs from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export const SCHEMA_PATH = new URL('../../main/report/report.schema.json', import.meta.url);
export const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;

// ajv-formats is CommonJS: its function is the module's default export under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema's complaints about a report, one line each (none: it is valid). */
export function schemaErrors(report: unknown): string[] {
  // Validate what the file holds, not the object in memory.
  const parsed: unknown = JSON.parse(JSON.stringify(report));
  if (validate(parsed)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
