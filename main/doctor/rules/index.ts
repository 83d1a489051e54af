// The rules: each a pure function from Facts to the findings it raises (none when its facts are
// absent: a rule never guesses). One file per rule or per family of findings; this list is the
// only place they are registered, and evaluateRules the only way they are run.

import type { Facts } from '../facts.ts';
import type { Finding } from '../finding.ts';

export type Rule = (facts: Facts) => Finding[];

const RULES: readonly Rule[] = [];

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Every finding the facts support, errors first; a rule that throws is a bug, reported as such. */
export function evaluateRules(facts: Facts, rules: readonly Rule[] = RULES): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) out.push(...rule(facts));
  return out.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
