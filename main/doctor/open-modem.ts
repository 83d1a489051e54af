// A modem opened for the doctor: the QMI client and AT channel it reached (either may be missing:
// AT-only modems, a QMI port held by ModemManager, a composition without QMI), sharing one
// ExchangeLog so every fact and every fix cites the same numbered transcript. Whoever opens it
// (main/doctor/connect-target.ts) closes it; probes and fixes only use it.

import type { AtChannel } from '../at/channel.ts';
import type { ExchangeLog } from '../evidence/exchange.ts';
import type { QmiClient } from '../qmi/client.ts';
import type { Fact, ReachFacts } from './facts.ts';
import type { ModemTarget } from './target.ts';

export interface OpenModem {
  readonly target: ModemTarget;
  readonly log: ExchangeLog;
  readonly qmi?: QmiClient;
  readonly at?: AtChannel;
  /** How each port answered when it was opened (connect-target.ts sets it). */
  readonly reach?: Fact<ReachFacts>;
  /** performance.now() when the opening began: a /proc pass from then on still says who holds the ports. */
  readonly openedAt?: number;
  close(): Promise<void>;
}
