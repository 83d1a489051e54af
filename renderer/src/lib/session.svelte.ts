// The wizard's view of the engine: the last session state pushed, the link, and the last refusal
// an intent got. Components read these and send intents; nothing here decides anything about a
// modem (the engine does).

import type { ApiReply, Intent, SessionState } from '../../../main/api/contract.ts';
import { connect, type LinkState } from './api.ts';

class Live {
  // The state is replaced whole on every push: kept raw (not deeply proxied); keyed lists keep
  // their DOM (and every open <details>) across pushes.
  state = $state.raw<SessionState | null>(null);
  link = $state.raw<LinkState>({ kind: 'connecting' });
  /** The last refusal or failure an intent got, in the engine's words. */
  notice = $state<string | null>(null);
}

export const live = new Live();

const client = connect();
const stateWaiters = new Set<(s: SessionState) => void>();
client.onState((s) => {
  live.state = s;
  for (const w of [...stateWaiters]) w(s);
});
client.onLink((l) => { live.link = l; });

/** Sends an intent; a refusal is shown in the notice line (and returned for the caller). */
export async function send(intent: Intent): Promise<ApiReply> {
  const reply = await client.send(intent);
  live.notice = reply.ok ? null : reply.error.message;
  return reply;
}

/** How long a change an intent made may take to show in a pushed state after its reply. */
const SETTLE_MS = 10_000;

/**
 * Sends an intent and, once it is answered, waits for the state that shows its result (a newer
 * version with nothing running): the reply and the state push travel separately. For sequences
 * of intents (the fleet view) that read the state between steps.
 */
export async function sendAndSettle(intent: Intent): Promise<ApiReply> {
  const before = live.state?.version ?? -1;
  const reply = await send(intent);
  if (!reply.ok) return reply;
  const done = (s: SessionState | null): boolean => s !== null && s.version > before && s.busy === null;
  if (done(live.state)) return reply;
  await new Promise<void>((resolve) => {
    const waiter = (s: SessionState): void => { if (done(s)) finish(); };
    const timer = setTimeout(() => finish(), SETTLE_MS);
    const finish = (): void => { clearTimeout(timer); stateWaiters.delete(waiter); resolve(); };
    stateWaiters.add(waiter);
  });
  return reply;
}
