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
client.onState((s) => { live.state = s; });
client.onLink((l) => { live.link = l; });

/** Sends an intent; a refusal is shown in the notice line (and returned for the caller). */
export async function send(intent: Intent): Promise<ApiReply> {
  const reply = await client.send(intent);
  live.notice = reply.ok ? null : reply.error.message;
  return reply;
}
