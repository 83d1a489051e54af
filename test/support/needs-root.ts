// Tests that need root (libqmi's qmi-proxy refuses to start without it, network namespaces,
// installing packages, a real ModemManager) are skipped for a normal user, with the reason
// printed by the test runner ("# SKIP needs root: ..."), so everything else still runs.
//   test('...', { skip: skipUnlessRoot('qmi-proxy refuses to start without root') }, async () => { ... });

export const isRoot = process.getuid?.() === 0;

/** false when running as root (run the test); otherwise the reason the runner prints. */
export function skipUnlessRoot(why: string): string | false {
  return isRoot ? false : `needs root: ${why}`;
}
