// Every run of the real launcher in the tests is scanned for secrets (test/support/run-cli.ts
// calls this): the PIN, PUK and APN passwords of every virtual modem the tests can start (every
// scenario × profile × fleet index), and whatever a test fed on stdin with --secrets-stdin, never
// appear in any command's output; the doctor's commands also never print an IMEI, IMSI or ICCID
// unmasked. The protocol tools (qmi, at, decode, simulate) show identities by design (secrets
// still masked); --show-secrets and --no-redact are the user's explicit choice, so those runs are
// scanned for the secrets given on stdin only.

import { buildScenario, SCENARIOS } from '../../main/simulator/scenarios.ts';
import { PROFILES } from '../../main/simulator/profiles/index.ts';
import { knownSecretsOf, scanForSecrets, secretsOnly, type KnownSecrets } from './secret-scan.ts';

const FLEET = 16;
const RAW_TOOLS = new Set(['qmi', 'at', 'decode', 'simulate']);

let virtualSecrets: KnownSecrets | undefined;

function union(a: KnownSecrets, b: KnownSecrets): KnownSecrets {
  const out: Record<string, string[]> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof KnownSecrets>) {
    out[k] = [...new Set([...(a[k] ?? []), ...(b[k] ?? [])])];
  }
  return out as KnownSecrets;
}

/** The secrets and identities of every virtual modem the tests can start. */
function everyVirtualModem(): KnownSecrets {
  if (!virtualSecrets) {
    let all: KnownSecrets = {};
    for (const p of Object.values(PROFILES)) {
      for (const s of SCENARIOS) for (let i = 0; i < FLEET; i++) all = union(all, knownSecretsOf(buildScenario(s, p, i).state));
    }
    virtualSecrets = all;
  }
  return virtualSecrets;
}

/** Problems found in one run's output, each safe to print (the value itself replaced). */
export function secretsInCliOutput(args: readonly string[], input: string | Buffer | undefined, output: string): string[] {
  const given = args.includes('--secrets-stdin') && input !== undefined
    ? input.toString().split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.length >= 4)
    : [];
  const explicit = args.includes('--show-secrets') || args.includes('--no-redact');
  const modems = explicit ? {} : RAW_TOOLS.has(args[0] ?? '') ? secretsOnly(everyVirtualModem()) : everyVirtualModem();
  const known = union(modems, { password: given });
  return scanForSecrets(output, known).map((h) => `${h.kind} (${h.form}) in the output of modem-doctor ${args[0] ?? ''}: …${h.context}…`);
}
