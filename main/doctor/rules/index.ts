// The rules: each a pure function from Facts to the findings it raises (none when its facts are
// absent: a rule never guesses). One file per rule or per family of findings; this list is the
// only place they are registered, and evaluateRules the only way they are run.

import type { Facts } from '../facts.ts';
import type { Finding } from '../finding.ts';
import { apnMismatch, apnMissing } from './apn.ts';
import { callFailed } from './call.ts';
import { autoconnectHoldsBearer, dataFormatMismatch, usbnetModeWrong } from './data-path.ts';
import { modemManagerHolds, permissionDenied, portBusy } from './holders.ts';
import { importedRules } from './imported.ts';
import { notRegistered, registrationDenied, weakSignal } from './network.ts';
import { radioRules } from './radio.ts';
import { modemUnresponsive, storageMode, wrongAtPort } from './reach.ts';
import { implausibleSettings } from './settings.ts';
import { simRules } from './sim.ts';

export type Rule = (facts: Facts) => Finding[];

// In the order a person would work through them: reach the modem, then SIM and radio, the
// network, the data session; what a log alone shows last. Causality lives in the rules (a locked
// SIM silences not-registered, a missing APN explains a cause-33 call failure): support.ts.
export const RULES: readonly Rule[] = [
  storageMode, modemUnresponsive, modemManagerHolds, portBusy, permissionDenied, wrongAtPort,
  simRules, radioRules, registrationDenied, notRegistered, weakSignal,
  usbnetModeWrong, dataFormatMismatch, apnMissing, apnMismatch, autoconnectHoldsBearer, callFailed, implausibleSettings,
  importedRules,
];

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Every finding the facts support, errors first; a rule that throws is a bug, reported as such. */
export function evaluateRules(facts: Facts, rules: readonly Rule[] = RULES): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) out.push(...rule(facts));
  return out.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
