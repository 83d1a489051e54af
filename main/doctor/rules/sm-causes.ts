// Session-management causes (3GPP TS 24.008 §10.5.6.6; TS 24.301 §9.9.4.4 ESM uses the same
// numbers): why the network refused or ended a data call, in words, with what to try.

export interface SmCause {
  words: string;
  advice: string;
}

const CAUSES: Readonly<Record<number, SmCause>> = {
  8: { words: 'operator determined barring', advice: 'the provider has barred data for this SIM: ask them to enable it' },
  26: { words: 'insufficient resources', advice: 'the network is busy: try again in a few minutes' },
  27: { words: 'missing or unknown APN', advice: 'set the APN the provider gives' },
  28: { words: 'unknown PDP address or PDP type', advice: 'the network does not offer the requested IP type: ask for IPv4 only' },
  29: { words: 'user authentication failed', advice: 'the APN needs a username and password (from the provider), or the ones set are wrong' },
  30: { words: 'activation rejected by the gateway (GGSN/PGW)', advice: 'the provider\'s gateway refused the call: check the APN and credentials, or ask the provider' },
  31: { words: 'activation rejected, unspecified', advice: 'check the APN and that the SIM has a data plan' },
  32: { words: 'service option not supported', advice: 'the network does not offer this kind of data call: check the APN' },
  33: { words: 'requested service option not subscribed', advice: 'the SIM is not subscribed to this APN\'s service: check the APN and that data is enabled on the plan' },
  34: { words: 'service option temporarily out of order', advice: 'the provider\'s data service has a fault: try again later' },
  36: { words: 'regular deactivation', advice: 'the session was ended normally: start it again' },
  38: { words: 'network failure', advice: 'try again; if it persists, ask the provider' },
  50: { words: 'PDP type IPv4 only allowed', advice: 'set the profile\'s IP type to IPv4' },
  51: { words: 'PDP type IPv6 only allowed', advice: 'set the profile\'s IP type to IPv6' },
  55: { words: 'multiple PDN connections for one APN not allowed', advice: 'another session on this APN is already up: stop it (autoconnect?) first' },
};

export function smCause(cause: number): SmCause | undefined {
  return CAUSES[cause];
}
