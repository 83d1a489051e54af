// The one dispatcher every door uses: an untrusted value in (a WebSocket message, an IPC
// argument, a CLI's own intent), validated, handed to the session, a reply out. It never throws:
// whatever goes wrong becomes { ok: false, error } with a code and words; an engine bug becomes
// 'internal' with its message (never a stack, never a secret).

import { Session, SessionError } from '../doctor/session.ts';
import type { ApiReply, Intent, SessionState } from './contract.ts';
import { ApiError } from './errors.ts';
import { validateIntent } from './validate.ts';

export interface Dispatcher {
  dispatch(raw: unknown): Promise<ApiReply>;
  subscribe(listener: (state: SessionState) => void): () => void;
}

async function run(session: Session, intent: Intent): Promise<unknown> {
  switch (intent.type) {
    case 'get-state': return session.state();
    case 'refresh-modems': await session.refreshModems(); return undefined;
    case 'select-modem': session.selectModem(intent.modemId); return undefined;
    case 'diagnose': return session.diagnose();
    case 'plan-fix': return session.planFix(intent);
    case 'cancel-plan': session.cancelPlan(); return undefined;
    case 'apply-fix': return session.applyFix(intent);
    case 'undo': return session.undo(intent.actionId);
    case 'connect-test': return session.connectTest(intent.keep ?? false);
    case 'import-log': return session.importLog(intent.text);
    case 'export-report': return session.exportReport(intent.format, intent.showIdentities ?? false);
    case 'start-virtual-modem': return session.startVirtualModem(intent);
    case 'stop-virtual-modem': await session.stopVirtualModem(intent.modemId); return undefined;
    case 'replug-virtual-modem': await session.replugVirtualModem(intent.modemId); return undefined;
    case 'provision': return session.provision(intent);
  }
}

export function createDispatcher(session: Session): Dispatcher {
  return {
    async dispatch(raw: unknown): Promise<ApiReply> {
      try {
        const intent = validateIntent(raw);
        const result = await run(session, intent);
        return result === undefined ? { ok: true } : { ok: true, result };
      } catch (e) {
        if (e instanceof ApiError) return { ok: false, error: e.toInfo() };
        if (e instanceof SessionError) return { ok: false, error: { code: e.code, message: e.message } };
        return { ok: false, error: { code: 'internal', message: `Something went wrong inside Modem Doctor: ${e instanceof Error ? e.message : String(e)}` } };
      }
    },
    subscribe: (listener) => session.subscribe(listener),
  };
}
