// Per-port AT settings: each tty of a real module keeps its own echo, error mode and
// registration URC modes; a modem reset puts them back to the factory defaults.

export interface AtSession {
  echo: boolean;
  /** AT+CMEE: 0 plain ERROR, 1 numeric, 2 verbose. */
  cmee: 0 | 1 | 2;
  creg: number;
  cgreg: number;
  cereg: number;
  /** AT+COPS=3,<format>: 0 long, 1 short, 2 numeric. */
  copsFormat: 0 | 1 | 2;
  /** Sierra AT!ENTERCND unlocked the protected commands. */
  sierraUnlocked: boolean;
}

export function defaultSession(): AtSession {
  return { echo: true, cmee: 1, creg: 0, cgreg: 0, cereg: 0, copsFormat: 0, sierraUnlocked: false };
}

export interface AtResult {
  lines: string[];
  final: 'OK' | 'ERROR' | { cme: number };
  /** Runs after the final result has been written (a reset must follow its OK). */
  after?: () => void;
}

export const ok = (...lines: string[]): AtResult => ({ lines, final: 'OK' });
export const error = (): AtResult => ({ lines: [], final: 'ERROR' });
export const cme = (n: number): AtResult => ({ lines: [], final: { cme: n } });
