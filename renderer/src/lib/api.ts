// The wizard's one line to the engine. In Electron the preload script exposes the API as
// window.modemDoctor; in a browser (`modem-doctor serve`) the same API runs over a WebSocket to
// the page's own host, with the per-run token the served URL carries. Either way the wizard sees
// one DoctorApi: send an intent, get a reply; subscribe to the session state.

import type { ApiReply, DoctorApi, Intent, SessionState, WireMessage, WireRequest } from '../../../main/api/contract.ts';
import { tokenFromLocation } from './token.ts';

declare global {
  interface Window {
    modemDoctor?: DoctorApi;
  }
}

/** How the page is linked to the engine, for the banner that says so. */
export type LinkState =
  | { kind: 'connecting' }
  | { kind: 'open' }
  | { kind: 'lost'; retryInMs: number; reason: string }
  | { kind: 'refused'; reason: string };

export interface Client extends DoctorApi {
  onLink(listener: (link: LinkState) => void): () => void;
}

/** Where the served page's WebSocket listens (main/api's web host). */
export const API_PATH = '/api';

/** A reply never comes later than this; a diagnosis or a modem reset takes well under it. */
const REPLY_TIMEOUT_MS = 5 * 60_000;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 8_000;

export function connect(): Client {
  const bridge = window.modemDoctor;
  if (bridge) return fromBridge(bridge);
  return webSocketClient();
}

function fromBridge(bridge: DoctorApi): Client {
  return {
    send: (intent) => bridge.send(intent),
    onState: (l) => bridge.onState(l),
    onLink(listener) {
      listener({ kind: 'open' });
      return () => undefined;
    },
  };
}

function failure(code: 'internal', message: string): ApiReply {
  return { ok: false, error: { code, message } };
}

function webSocketClient(): Client {
  const token = tokenFromLocation(window.location);
  const stateListeners = new Set<(s: SessionState) => void>();
  const linkListeners = new Set<(l: LinkState) => void>();
  const pending = new Map<number, { resolve: (r: ApiReply) => void; timer: ReturnType<typeof setTimeout> }>();
  let last: SessionState | null = null;
  let link: LinkState = { kind: 'connecting' };
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = RETRY_MIN_MS;

  const setLink = (l: LinkState): void => {
    link = l;
    for (const f of linkListeners) f(l);
  };

  const settleAll = (message: string): void => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.resolve(failure('internal', message));
      pending.delete(id);
    }
  };

  const open = (): void => {
    if (!token) {
      setLink({ kind: 'refused', reason: 'This page was opened without its access token. Open the exact address modem-doctor serve printed.' });
      return;
    }
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${window.location.host}${API_PATH}?token=${encodeURIComponent(token)}`;
    setLink({ kind: 'connecting' });
    const ws = new WebSocket(url);
    socket = ws;
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      retryMs = RETRY_MIN_MS;
      setLink({ kind: 'open' });
    });
    ws.addEventListener('message', (ev) => {
      if (typeof ev.data !== 'string') return;
      let msg: WireMessage;
      try {
        msg = JSON.parse(ev.data) as WireMessage;
      } catch {
        return;
      }
      if (msg.kind === 'state') {
        last = msg.state;
        for (const f of stateListeners) f(msg.state);
      } else if (msg.kind === 'reply' && msg.id !== null) {
        const p = pending.get(msg.id);
        if (p) {
          clearTimeout(p.timer);
          pending.delete(msg.id);
          p.resolve(msg.reply);
        }
      }
    });
    ws.addEventListener('close', (ev) => {
      if (socket !== ws) return;
      socket = null;
      settleAll('The connection to Modem Doctor was lost before it answered.');
      // 1008 (policy violation): the host refused the token, Host or Origin: retrying cannot help.
      if (ev.code === 1008 || (!opened && ev.code === 4401)) {
        setLink({ kind: 'refused', reason: ev.reason || 'Modem Doctor refused this page (wrong or expired token).' });
        return;
      }
      const wait = retryMs;
      retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
      setLink({ kind: 'lost', retryInMs: wait, reason: opened ? 'Modem Doctor stopped answering.' : 'Modem Doctor is not reachable.' });
      setTimeout(open, wait);
    });
  };

  open();

  return {
    send(intent: Intent): Promise<ApiReply> {
      const ws = socket;
      if (!ws || ws.readyState !== WebSocket.OPEN) {
        return Promise.resolve(failure('internal', 'Not connected to Modem Doctor; it retries on its own.'));
      }
      const id = nextId++;
      const req: WireRequest = { id, intent };
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(failure('internal', `No answer from Modem Doctor after ${REPLY_TIMEOUT_MS / 60_000} minutes.`));
        }, REPLY_TIMEOUT_MS);
        pending.set(id, { resolve, timer });
        ws.send(JSON.stringify(req));
      });
    },
    onState(listener) {
      stateListeners.add(listener);
      if (last) listener(last);
      return () => { stateListeners.delete(listener); };
    },
    onLink(listener) {
      linkListeners.add(listener);
      listener(link);
      return () => { linkListeners.delete(listener); };
    },
  };
}
