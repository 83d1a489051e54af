// The one wording for a fix another process is applying right now: the session, runFix and
// undo refuse to apply it again, finish it or undo it with it (undo-store.ts tells which records).

/** Why a fix being applied by another process may be neither applied again, finished nor undone. */
export function applyingElsewhereMessage(what: string, pid: number): string {
  return `${what} is being applied now by another program (process ${pid}): wait for it to finish, then check again.`;
}
