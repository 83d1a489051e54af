// call-failed: the network refused the data call for a reason nothing upstream explains. The SIM,
// the radio and registration each explain a failed call (support.ts gates), and so does a wrong
// or missing APN (apn.ts); what is left is reported with the verbose end reason in words.

import type { Facts } from '../facts.ts';
import type { Finding, FixOffer } from '../finding.ts';
import { smCause } from './sm-causes.ts';
import { apnMissing, apnMismatch } from './apn.ts';
import { defaultProfile, evidenceOf, networkBlocked } from './support.ts';

function offersFor(cause: number | undefined, profileIndex: number): FixOffer[] {
  const profile = String(profileIndex);
  switch (cause) {
    case 29: return [{ fix: 'set-apn', label: `Set the username and password of profile ${profileIndex} (the password is asked for, never stored in the report)`, options: { profile }, secrets: ['apn-password'] }];
    case 28: case 50: return [{ fix: 'set-apn', label: `Set the IP type of profile ${profileIndex} to IPv4`, options: { profile, pdpType: 'ipv4' } }];
    case 51: return [{ fix: 'set-apn', label: `Set the IP type of profile ${profileIndex} to IPv6`, options: { profile, pdpType: 'ipv6' } }];
    case 55: return [{ fix: 'disable-autoconnect', label: 'Turn off the modem\'s autoconnect, which holds the other session' }];
    default: return [{ fix: 'connect-test', label: 'Try the data call again and show what the network says' }];
  }
}

export function callFailed(facts: Facts): Finding[] {
  const c = facts.connection?.value;
  const f = c?.lastFailure;
  if (!c || !f || c.up) return [];
  if (networkBlocked(facts)) return [];
  if (apnMissing(facts).length > 0 || apnMismatch(facts).length > 0) return [];
  const cause = f.cause3gpp !== undefined ? smCause(f.cause3gpp) : undefined;
  const profile = defaultProfile(facts);
  const inDb = f.cause3gpp === 27 || f.cause3gpp === 33
    ? facts.apnSuggestions?.value.find((s) => profile && s.apn.toLowerCase() === profile.apn.toLowerCase())
    : undefined;
  const next = inDb ? facts.apnSuggestions?.value.find((s) => s !== inDb) : undefined;
  const reason = `${f.text} (${f.type} reason ${f.reason}${f.cause3gpp !== undefined ? `, 3GPP cause #${f.cause3gpp}${cause ? `: ${cause.words}` : ''}` : ''})`;
  const fixes = next && profile
    ? [{ fix: 'set-apn' as const, label: `Set the APN of profile ${profile.index} to ${next.apn}, the database's next suggestion`, options: { profile: String(profile.index), apn: next.apn } }]
    : offersFor(f.cause3gpp, profile?.index ?? facts.profiles?.value.defaultIndex ?? 1);
  return [{
    id: 'call-failed',
    severity: 'error',
    title: `The network refused the data call: ${cause?.words ?? f.text}`,
    explanation: `The modem asked the network for a data session${f.apn !== undefined ? ` on the APN "${f.apn}"` : ''} and the network refused: ${reason}. `
      + (inDb ? `"${inDb.apn}" is what the provider database lists for this SIM, but the database can be out of date: the provider may have moved to another APN. ` : '')
      + (cause ? `What to do: ${cause.advice}.` : 'Check the APN and that the SIM has a data plan; if it persists, give the provider this reason.'),
    evidence: [evidenceOf(facts, 'connection', `Last data call failed: ${reason}`)],
    fixes,
    values: { type: f.type, reason: f.reason, ...(f.cause3gpp !== undefined ? { cause3gpp: f.cause3gpp } : {}) },
  }];
}
