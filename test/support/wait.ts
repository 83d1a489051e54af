// Polling for a condition that some other party (a PTY peer, a responder process, a timer) makes
// true: tests wait for the event itself rather than sleeping a guessed time.

/** Resolves once cond() holds; rejects, naming `what`, if it does not within ms. */
export async function waitFor(cond: () => boolean, ms = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`never happened within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
