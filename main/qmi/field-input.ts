// Turns `key=value` text (the command line's `--field`; later the API's input) into typed request
// values by walking the message's declaration, so no caller needs per-message code: numbers for
// integers (0x.. accepted), names or numbers for enums, true/false for booleans, dotted keys for
// struct members (`profile.type=3gpp`), and JSON for anything else (arrays). What the values
// must then satisfy (ranges, mandatory TLVs) is the encoder's check.

import type { AnyField } from './codec/fields.ts';
import type { TlvMap } from './schema.ts';

/** Text that does not fit the declaration; the message names the field and what it takes. */
export class FieldArgError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldArgError';
  }
}

function coerce(field: AnyField, text: string, path: string): unknown {
  switch (field.kind) {
    case 'int':
    case 'bigint': {
      const m = /^(-?)(0x[0-9a-f]+|\d+)$/i.exec(text);
      if (!m) throw new FieldArgError(`${path}: expected a number, got "${text}"`);
      // Number("-0x10") is NaN and BigInt("-0x1") throws: apply the sign ourselves.
      const magnitude = BigInt(m[2]!);
      const v = m[1] ? -magnitude : magnitude;
      return field.kind === 'bigint' ? v : Number(v);
    }
    case 'bool':
      if (!/^(true|false|1|0|yes|no)$/i.test(text)) throw new FieldArgError(`${path}: expected true or false, got "${text}"`);
      return /^(true|1|yes)$/i.test(text);
    case 'enum':
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case 'ipv4':
    case 'ipv6':
    case 'string':
    case 'bytes':
      return text;
    default:
      try {
        return JSON.parse(text);
      } catch {
        throw new FieldArgError(`${path}: expected JSON for a ${field.describe}, got "${text}"`);
      }
  }
}

/** Builds request values from ["k=v", ...] against a TLV map. */
export function parseFieldArgs(map: TlvMap | undefined, args: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new FieldArgError(`"${arg}": expected key=value`);
    const [name, ...members] = arg.slice(0, eq).split('.');
    const text = arg.slice(eq + 1);
    const decl = map && Object.hasOwn(map, name!) ? map[name!] : undefined;
    if (!decl) {
      const known = Object.keys(map ?? {});
      throw new FieldArgError(`field "${name}": this request has ${known.length ? `fields ${known.join(', ')}` : 'no fields'}`);
    }
    if (members.length === 0) {
      out[name!] = coerce(decl.field, text, name!);
      continue;
    }
    // Dotted path into nested structs.
    let field: AnyField = decl.field;
    let target = (out[name!] ??= {}) as Record<string, unknown>;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (field.kind !== 'struct' || !Object.hasOwn(field.fields, m)) throw new FieldArgError(`field "${arg.slice(0, eq)}": no member "${m}"`);
      field = field.fields[m]!;
      if (i === members.length - 1) target[m] = coerce(field, text, arg.slice(0, eq));
      else target = (target[m] ??= {}) as Record<string, unknown>;
    }
  }
  return out;
}
