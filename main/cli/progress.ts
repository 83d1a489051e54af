// Progress on stderr for anything slow: a command line that sits silent for a minute (AT+COPS=?
// scans up to 180 s, Start Network up to 90 s) looks hung. After a second, and then every five,
// say what we are waiting for and for how long; stdout stays clean for JSON.

const PROGRESS_FIRST_MS = 1000;
const PROGRESS_EVERY_MS = 5000;

export async function withProgress<T>(what: string, limitMs: number | undefined, work: Promise<T>): Promise<T> {
  const started = Date.now();
  const say = (): void => {
    const s = Math.round((Date.now() - started) / 1000);
    const limit = limitMs === undefined ? '' : ` of up to ${Math.round(limitMs / 1000)} s`;
    process.stderr.write(`… ${what}: still waiting (${s} s${limit})\n`);
  };
  let timer = setTimeout(function tick() {
    say();
    timer = setTimeout(tick, PROGRESS_EVERY_MS);
  }, PROGRESS_FIRST_MS);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
  }
}
