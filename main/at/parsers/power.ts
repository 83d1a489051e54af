// AT+CFUN? (27.007 §8.2): functionality level. Vendor values such as 19 occur (MM cfun_query_tests).

import { fieldsAfter, toInt } from './fields.ts';
import { fail, ok, type ParseOutcome } from './outcome.ts';

const FUN_NAMES: Readonly<Record<number, string>> = {
  // 27.007: 2 = transmit off, 3 = receive off, 4 = both off ("airplane"); 5..127 are vendor values.
  0: 'minimum', 1: 'full', 2: 'tx-off', 3: 'rx-off', 4: 'rf-off',
};

export interface CfunResult {
  fun: number;
  funName: string;
  /** The radio transmits only at level 1. */
  radioOn: boolean;
}

export function parseCfun(lines: string[]): ParseOutcome<CfunResult> {
  const f = fieldsAfter(lines, '+CFUN');
  if (f === null) return fail(lines.join('\n'), 'no +CFUN: line in the response');
  const fun = toInt(f.fields[0]?.text);
  if (fun === undefined || fun < 0) return fail(f.line, `+CFUN level "${f.fields[0]?.text ?? ''}" is not a number`);
  return ok({ fun, funName: FUN_NAMES[fun] ?? `vendor-${fun}`, radioOn: fun === 1 });
}
