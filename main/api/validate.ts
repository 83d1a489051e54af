// Every intent is checked here before anything runs: a plain object, a known `type`, only the
// keys that intent has, each of the right type and within its bounds. Hand-written (a table of
// field rules, below) so the refusal says in words which field is wrong and why. A secret's
// value is never repeated in a message.

import { FIX_IDS, type SecretKind } from '../doctor/finding.ts';
import { STEP_OF } from '../doctor/session-steps.ts';
import type { Intent, IntentType } from './contract.ts';
import { ApiError } from './errors.ts';
import { parseProfile, ProfileError } from '../doctor/provision/profile.ts';

type Field =
  | { kind: 'string'; max: number; pattern?: RegExp; rule?: string; optional?: boolean; allowEmpty?: boolean }
  | { kind: 'boolean'; optional?: boolean }
  | { kind: 'enum'; values: readonly string[]; optional?: boolean }
  | { kind: 'options'; optional?: boolean }
  | { kind: 'secrets'; optional?: boolean }
  | { kind: 'ids'; max: number; optional?: boolean }
  | { kind: 'profile'; optional?: boolean };

export const LIMITS = {
  id: 200,
  optionKeys: 16,
  optionValue: 256,
  /** Log import reads 16 MiB at most; a door sends at most 8 MiB of text. */
  logText: 8 * 1024 * 1024,
  /** Modems in one provisioning run. */
  modemIds: 64,
  /** A provisioning profile is a few lines of JSON. */
  profileBytes: 8192,
} as const;

const FINDING_IDS = Object.keys(STEP_OF);
const SECRET_KINDS: readonly SecretKind[] = ['pin', 'puk', 'new-pin', 'apn-password'];
const ID = { kind: 'string', max: LIMITS.id, pattern: /^[\x21-\x7e][\x20-\x7e]*$/, rule: 'printable ASCII' } as const;
const NAME = { kind: 'string', max: 32, pattern: /^[a-z0-9][a-z0-9-]*$/, rule: 'lower-case letters, digits and dashes', optional: true } as const;
const FIX_FIELDS = {
  fix: { kind: 'enum', values: FIX_IDS },
  finding: { kind: 'enum', values: FINDING_IDS, optional: true },
  options: { kind: 'options', optional: true },
  force: { kind: 'boolean', optional: true },
} as const;

const INTENTS: Readonly<Record<IntentType, Readonly<Record<string, Field>>>> = {
  'get-state': {},
  'refresh-modems': {},
  'select-modem': { modemId: ID },
  diagnose: {},
  'plan-fix': FIX_FIELDS,
  'cancel-plan': {},
  'apply-fix': { ...FIX_FIELDS, secrets: { kind: 'secrets', optional: true } },
  undo: { actionId: ID },
  'connect-test': { keep: { kind: 'boolean', optional: true } },
  'import-log': { text: { kind: 'string', max: LIMITS.logText, allowEmpty: false } },
  'export-report': { format: { kind: 'enum', values: ['json', 'html'] }, showIdentities: { kind: 'boolean', optional: true } },
  'start-virtual-modem': { scenario: NAME, profile: NAME },
  'stop-virtual-modem': { modemId: ID },
  'replug-virtual-modem': { modemId: ID },
  provision: { profile: { kind: 'profile' }, modemIds: { kind: 'ids', max: LIMITS.modemIds }, apply: { kind: 'boolean', optional: true }, secrets: { kind: 'secrets', optional: true } },
};

export const INTENT_TYPES = Object.keys(INTENTS) as IntentType[];

const invalid = (field: string, message: string): ApiError => new ApiError('invalid-input', message, field);

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function checkString(path: string, v: unknown, f: Extract<Field, { kind: 'string' }>): void {
  if (typeof v !== 'string') throw invalid(path, `${path} must be text, not ${typeName(v)}.`);
  if (v.length === 0 && f.allowEmpty !== true) throw invalid(path, `${path} must not be empty.`);
  if (v.length > f.max) throw invalid(path, `${path} is too long: at most ${f.max} characters.`);
  if (f.pattern && !f.pattern.test(v)) throw invalid(path, `${path} must be ${f.rule ?? 'in the expected form'}.`);
}

// Fix option names as the rules offer them: lower camelCase or dashed (linkLayer, pdpType, profile).
const OPTION_KEY = /^[a-z][a-zA-Z0-9-]{0,31}$/;
// Option values are what a fix writes to a modem (an APN, a mode): printable, one line.
const OPTION_VALUE = /^[\x20-\x7e]*$/;

function checkOptions(path: string, v: unknown): void {
  if (!isPlainObject(v)) throw invalid(path, `${path} must be an object of names to text, not ${typeName(v)}.`);
  const keys = Object.keys(v);
  if (keys.length > LIMITS.optionKeys) throw invalid(path, `${path} has too many entries: at most ${LIMITS.optionKeys}.`);
  for (const k of keys) {
    if (!OPTION_KEY.test(k)) throw invalid(`${path}`, `${path} has a name that is not letters, digits and dashes starting lower-case (at most 32).`);
    checkString(`${path}.${k}`, v[k], { kind: 'string', max: LIMITS.optionValue, pattern: OPTION_VALUE, rule: 'printable ASCII on one line', allowEmpty: true });
  }
}

const SECRET_RULES: Readonly<Record<SecretKind, { pattern: RegExp; rule: string }>> = {
  // 3GPP TS 31.102 / ETSI TS 102 221: a PIN is 4 to 8 digits, a PUK 8 digits.
  pin: { pattern: /^\d{4,8}$/, rule: '4 to 8 digits' },
  'new-pin': { pattern: /^\d{4,8}$/, rule: '4 to 8 digits' },
  puk: { pattern: /^\d{8}$/, rule: '8 digits' },
  'apn-password': { pattern: /^[\x20-\x7e]{1,64}$/, rule: '1 to 64 printable ASCII characters' },
};

function checkSecrets(path: string, v: unknown): void {
  if (!isPlainObject(v)) throw invalid(path, `${path} must be an object, not ${typeName(v)}.`);
  for (const k of Object.keys(v)) {
    if (!(SECRET_KINDS as readonly string[]).includes(k)) throw invalid(path, `${path} may only name ${SECRET_KINDS.join(', ')}.`);
    const val = v[k];
    const rule = SECRET_RULES[k as SecretKind];
    // Never echo the value: only what kind of thing it should be.
    if (typeof val !== 'string' || !rule.pattern.test(val)) throw invalid(`${path}.${k}`, `The ${k.replace('-', ' ')} must be ${rule.rule}.`);
  }
}

function checkIds(path: string, v: unknown, max: number): void {
  if (!Array.isArray(v)) throw invalid(path, `${path} must be a list of modem ids, not ${typeName(v)}.`);
  if (v.length === 0) throw invalid(path, `${path} must name at least one modem.`);
  if (v.length > max) throw invalid(path, `${path} names too many modems: at most ${max}.`);
  v.forEach((x, i) => checkString(`${path}[${i}]`, x, ID));
}

/** The profile the engine would read, refused with every problem it has (never a value that looks like a secret). */
function checkProfile(path: string, v: unknown): void {
  if (!isPlainObject(v)) throw invalid(path, `${path} must be a provisioning profile (an object), not ${typeName(v)}.`);
  let size: number;
  try {
    size = JSON.stringify(v).length;
  } catch {
    throw invalid(path, `${path} must be plain data.`);
  }
  if (size > LIMITS.profileBytes) throw invalid(path, `${path} is too large: at most ${LIMITS.profileBytes} characters of JSON.`);
  try {
    parseProfile(v);
  } catch (e) {
    if (e instanceof ProfileError) throw invalid(path, `${path} is not valid: ${e.problems.join('; ')}.`);
    throw e;
  }
}

/** The intent, checked; or an ApiError saying what is wrong (invalid-input / unknown-intent). */
export function validateIntent(raw: unknown): Intent {
  if (!isPlainObject(raw)) throw invalid('', `An intent must be an object with a "type", not ${typeName(raw)}.`);
  const type = raw.type;
  if (typeof type !== 'string') throw invalid('type', `An intent needs a "type" naming what to do (${typeName(type)} given).`);
  if (!Object.hasOwn(INTENTS, type)) {
    throw new ApiError('unknown-intent', `There is no intent "${type.slice(0, 40)}". Known: ${INTENT_TYPES.join(', ')}.`, 'type');
  }
  const fields = INTENTS[type as IntentType];
  for (const k of Object.keys(raw)) {
    if (k !== 'type' && !Object.hasOwn(fields, k)) throw invalid(k.slice(0, 40), `"${type}" has no field "${k.slice(0, 40)}".`);
  }
  for (const [name, f] of Object.entries(fields)) {
    const v = raw[name];
    if (v === undefined) {
      if (f.optional) continue;
      throw invalid(name, `"${type}" needs ${name}.`);
    }
    switch (f.kind) {
      case 'string': checkString(name, v, f); break;
      case 'boolean': if (typeof v !== 'boolean') throw invalid(name, `${name} must be true or false, not ${typeName(v)}.`); break;
      case 'enum':
        if (typeof v !== 'string' || !f.values.includes(v)) {
          throw invalid(name, f.values.length <= 10 ? `${name} must be one of ${f.values.join(', ')}.` : `${name} must be a known ${name} id, such as ${f.values.slice(0, 3).join(', ')}.`);
        }
        break;
      case 'options': checkOptions(name, v); break;
      case 'secrets': checkSecrets(name, v); break;
      case 'ids': checkIds(name, v, f.max); break;
      case 'profile': checkProfile(name, v); break;
    }
  }
  return raw as unknown as Intent;
}
