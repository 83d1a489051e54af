// What `start` does until the wizard exists: a plugged-in QMI modem is named by its control
// ports; otherwise a virtual modem is started and read once over QMI and AT with our own client
// and channel, to show the engine working. The virtual modem is started by the function the
// caller hands in: the engine never imports the simulator (only the CLI and tests do).

import { AtChannel, AtRestartError } from '../at/channel.ts';
import { openQmiPort } from '../system/open-qmi.ts';
import { DMS, WDA } from '../qmi/services/index.ts';
import { pluggedQmiPorts } from './plugged.ts';

export interface VirtualModem {
  readonly ports: { readonly qmi: string | null; readonly at: readonly string[] };
  /** Stops it and removes everything it created. */
  stop(): Promise<void>;
}

/** What one look at the modem found. */
export interface FirstLook {
  qmiPath: string;
  atPath: string;
  imei: string | undefined;
  /** The modem's link layer (WDA Get Data Format): raw-ip or 802-3. */
  linkLayer: string | undefined;
  /** AT+CPIN?'s answer line, or the final result when there is none. */
  cpin: string;
}

export type StartUp =
  | { kind: 'plugged'; devices: string[] }
  | { kind: 'virtual'; modem: VirtualModem; look: FirstLook };

export class StartUpError extends Error {
  readonly code: 'virtual-modem-failed' | 'virtual-modem-silent';
  constructor(code: StartUpError['code'], message: string) {
    super(message);
    this.name = 'StartUpError';
    this.code = code;
  }
}

export interface StartUpOptions {
  /** Start the virtual modem even when a modem is plugged in. */
  virtual: boolean;
  startVirtualModem: () => Promise<VirtualModem>;
  /** Where to look for QMI control ports (tests point it elsewhere). */
  devDir?: string;
  /** How long each QMI request of the first look may take (default: the client's). */
  timeoutMs?: number;
}

export async function startUp(opts: StartUpOptions): Promise<StartUp> {
  const devices = opts.virtual ? [] : pluggedQmiPorts(opts.devDir);
  if (devices.length > 0) return { kind: 'plugged', devices };
  let modem: VirtualModem;
  try {
    modem = await opts.startVirtualModem();
  } catch (e) {
    // e.g. socat missing: its message names the package to install.
    throw new StartUpError('virtual-modem-failed', `could not start the virtual modem: ${(e as Error).message}`);
  }
  try {
    return { kind: 'virtual', modem, look: await firstLook(modem, opts.timeoutMs) };
  } catch (e) {
    await modem.stop();
    throw new StartUpError('virtual-modem-silent', `the virtual modem did not answer as expected: ${(e as Error).message}`);
  }
}

async function firstLook(modem: VirtualModem, timeoutMs: number | undefined): Promise<FirstLook> {
  const qmiPath = modem.ports.qmi;
  const atPath = modem.ports.at[0];
  if (!qmiPath || !atPath) throw new Error('it has no QMI or no AT port');
  const qmi = await openQmiPort({ device: qmiPath, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  let ids, format;
  try {
    ids = await qmi.request(DMS, DMS.messages.getIds);
    format = await qmi.request(WDA, WDA.messages.getDataFormat);
  } finally {
    await qmi.close();
  }
  const at = await AtChannel.open(atPath);
  let cpin;
  try {
    // A modem that has just powered on says RDY; a command caught by it is lost: ask again.
    cpin = await at.send('AT+CPIN?').catch((e: unknown) => {
      if (e instanceof AtRestartError) return at.send('AT+CPIN?');
      throw e;
    });
  } finally {
    await at.close();
  }
  const linkLayer = format.fields.linkLayerProtocol;
  return {
    qmiPath, atPath, imei: ids.fields.imei,
    linkLayer: linkLayer === undefined ? undefined : String(linkLayer),
    cpin: cpin.lines.join(' ') || cpin.finalDescription,
  };
}
