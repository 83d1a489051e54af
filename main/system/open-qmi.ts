// Opening a modem's QMI port: the policy the QMI client itself does not decide. Directly, the
// port must be ours alone — two readers of one cdc-wdm node (or PTY) take each other's replies,
// and a CTL Sync drops every other program's client ids — so who else holds it is read from
// /proc first, and a held port is refused with their names and the way to share it: libqmi's
// qmi-proxy, which multiplexes one port for many programs (ModemManager uses it). Through the
// proxy the port is shared by design: no Sync, and the proxy must first be told which device.

import fs from 'node:fs';
import type { ExchangeLog } from '../evidence/exchange.ts';
import { QmiClient, QmiClientError } from '../qmi/client.ts';
import { CTL } from '../qmi/services/ctl.ts';
import { charDeviceFromFd } from '../transport/char-device.ts';
import { openQmiProxy } from '../transport/qmi-proxy.ts';
import { TransportError, transportErrorFrom } from '../transport/byte-transport.ts';
import { deviceHolders, processStartTicks, type DeviceHolder } from './device-holders.ts';
import { modemManagerAdvice } from './modemmanager-advice.ts';

export interface OpenQmiOptions {
  /** /dev/cdc-wdmN, or a PTY path for a virtual modem. */
  device: string;
  /** Go through libqmi's qmi-proxy (shares the port with ModemManager and other programs). */
  proxy?: boolean;
  /** Open directly even when other programs hold the port: no Sync then, and replies may be
   *  taken by them. For looking at a port someone else holds, knowing the risk. */
  shareHeldPort?: boolean;
  /** CTL Sync on a direct open (default: when nobody else has the port open). */
  sync?: boolean;
  timeoutMs?: number;
  /** Read a tty with the polling reader used for real cdc-wdm nodes (tests). */
  forcePolling?: boolean;
  /** Release client ids when the process gets SIGINT/SIGTERM (default true). */
  releaseOnSignals?: boolean;
  /** Record into this log (a diagnosis shares one between its QMI and AT ports). */
  log?: ExchangeLog;
  /** Called once the port is held (direct open) and before others are looked for: whoever
   *  looks for the holders of the modem's other ports from now on may share that /proc pass. */
  onClaimed?: () => void;
}

/** The port is open in another process; opening it directly as well would steal its replies. */
export class QmiPortHeldError extends TransportError {
  readonly holders: readonly DeviceHolder[];
  constructor(device: string, holders: readonly DeviceHolder[]) {
    const who = holders.map((h) => `${h.command} (pid ${h.pid})`).join(', ');
    const mm = modemManagerAdvice(device, holders);
    super('busy', device,
      `${device} is held by another program: ${who}. Two programs reading one QMI port take each other's replies, ` +
      'so it was not opened. ' + (mm ?? 'Share it through qmi-proxy instead (--proxy on the command line), or stop that program.'));
    this.holders = holders;
  }
}

const PROXY_SILENCE_HINT = 'qmi-proxy may not reach the device, or the modem is resetting.';

export async function openQmiPort(opts: OpenQmiOptions): Promise<QmiClient> {
  return opts.proxy ? openThroughProxy(opts) : openDirect(opts);
}

async function openDirect(opts: OpenQmiOptions): Promise<QmiClient> {
  // Hold the port (without reading from it) while looking for other holders: two programs that
  // open at the same moment then both see each other, and neither reads a byte meant for the other.
  const claim = await new Promise<number>((resolve, reject) => {
    fs.open(opts.device, fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK,
      (err, fd) => (err ? reject(transportErrorFrom(err, opts.device, 'open')) : resolve(fd)));
  });
  let handedOver = false;
  try {
    try { opts.onClaimed?.(); } catch { /* a listener never stops the open */ }
    let holders = await deviceHolders(opts.device);
    const established = establishedHolders(holders);
    if (established.length > 0 && !opts.shareHeldPort) throw new QmiPortHeldError(opts.device, established);
    if (holders.length > 0 && !opts.shareHeldPort) {
      // Only younger holders: one opening at this same moment steps back within a moment; one
      // still there after it came to stay (ModemManager started after a long-running doctor,
      // a terminal opened mid-session) and must not be read beside.
      holders = await youngerStayed(opts.device, holders);
    }
    // The descriptor that held the port becomes the transport's: no second open.
    const transport = charDeviceFromFd(opts.device, claim, { forcePolling: opts.forcePolling ?? false });
    handedOver = true;
    return await QmiClient.start(transport, {
      // Any other holder, a newcomer included, makes a Sync unsafe: it may already hold ids.
      ownsDevice: holders.length === 0,
      sharedWith: holders,
      ...(opts.sync !== undefined ? { sync: opts.sync } : {}),
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      ...(opts.releaseOnSignals !== undefined ? { releaseOnSignals: opts.releaseOnSignals } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
  } finally {
    if (!handedOver) fs.close(claim, () => undefined);
  }
}

/** How long a younger holder gets to step back before it counts as there to stay. */
const NEWCOMER_GRACE_MS = 1000;
const NEWCOMER_POLL_MS = 50;

/** Waits (bounded) for the younger holders seen first to let go; throws QmiPortHeldError
 *  naming those that did not. Returns the port's holders after (newcomers that arrived meanwhile). */
async function youngerStayed(device: string, younger: DeviceHolder[]): Promise<DeviceHolder[]> {
  const deadline = performance.now() + NEWCOMER_GRACE_MS;
  for (;;) {
    await new Promise((r) => setTimeout(r, NEWCOMER_POLL_MS));
    const now = await deviceHolders(device);
    const stayed = now.filter((h) => younger.some((y) => y.pid === h.pid));
    if (stayed.length === 0) return now;
    if (performance.now() >= deadline) throw new QmiPortHeldError(device, stayed);
  }
}

/**
 * Two programs that open a free port at the same moment each see the other holding it. So that
 * one of them goes on rather than both stepping back, the older process wins: a holder that
 * started after us may be such a newcomer, which sees us and steps back itself (youngerStayed
 * checks that it does: ModemManager started after a long-running doctor does not).
 */
function establishedHolders(holders: DeviceHolder[]): DeviceHolder[] {
  if (holders.length === 0) return holders;
  const me = processStartTicks(process.pid);
  if (me === undefined) return holders;
  return holders.filter((h) => {
    const them = processStartTicks(h.pid);
    if (them === undefined) return false; // gone meanwhile
    return them < me || (them === me && h.pid < process.pid);
  });
}

async function openThroughProxy(opts: OpenQmiOptions): Promise<QmiClient> {
  const transport = await openQmiProxy(opts.device);
  const client = new QmiClient(transport, {
    ownsDevice: false,
    silenceHint: PROXY_SILENCE_HINT,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.releaseOnSignals !== undefined ? { releaseOnSignals: opts.releaseOnSignals } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  try {
    // The proxy must learn which device we mean before anything else (libqmi's
    // QMI_MESSAGE_CTL_INTERNAL_PROXY_OPEN, answered by qmi-proxy itself).
    const r = await client.request(CTL, CTL.messages.internalProxyOpen, { devicePath: opts.device });
    if (!r.ok) {
      throw new QmiClientError('transport', `qmi-proxy could not open ${opts.device} (${r.result.errorName}): check that it is ` +
        'the modem\'s QMI port (/dev/cdc-wdmN) and that the qmi-proxy process may open it (it runs as the user who started it first)');
    }
  } catch (e) {
    await client.close();
    throw e;
  }
  return client;
}
