// Progress of a slow command on stderr, the one way every command shows it: nothing for the first
// second (a quick run prints its answer alone), then each step as it changes, with the seconds
// since the start; per modem ("label: step") when several are worked on at once. Labels name
// modems, so identities in them are masked as in every other output.

import { maskIdentifiers } from '../doctor/log-import/log-lines.ts';

const QUIET_MS = 1000;

export class StderrProgress {
  /** The last step of each label ('' for a run on one modem), in the order they first came. */
  private readonly last = new Map<string, string>();
  private loud = false;
  private readonly timer: NodeJS.Timeout;
  private readonly started = Date.now();

  constructor() {
    this.timer = setTimeout(() => {
      this.loud = true;
      for (const [label, step] of this.last) this.say(label, step);
    }, QUIET_MS);
  }

  /** A step of the run as a whole (a progress callback: it may be passed on as it is). */
  readonly update = (p: { step: string }): void => this.set('', p.step);

  /** A progress callback for one of several modems; `shown` maps a step to the words printed. */
  for(label: string, shown: (step: string) => string = (s) => s): (p: { step: string }) => void {
    return (p) => this.set(label, shown(p.step));
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private set(label: string, step: string): void {
    if (this.last.get(label) === step) return;
    this.last.set(label, step);
    if (this.loud) this.say(label, step);
  }

  private say(label: string, step: string): void {
    const seconds = Math.round((Date.now() - this.started) / 1000);
    process.stderr.write(maskIdentifiers(`… ${label ? `${label}: ` : ''}${step} (${seconds} s)\n`));
  }
}
