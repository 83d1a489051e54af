// Every probe of an open modem, run together: the independent ones at the same time, the
// dependent ones chained (the SIM's identity after its PIN state, Sierra's USB composition after
// the manufacturer). Nothing here throws: what a probe could not read is in `problems`, with its
// evidence. APN suggestions, which need no reply, are asked once the modem is closing
// (diagnose.ts).

import type { ServiceDecl } from '../../qmi/schema.ts';
import { DMS, NAS, UIM, WDA, WDS } from '../../qmi/services/index.ts';
import type { Facts } from '../facts.ts';
import type { OpenModem } from '../open-modem.ts';
import { guarded, probeContext, PROBE_REQUEST_MS } from './context.ts';
import { probeQmiDataFormat } from './qmi-data-format.ts';
import { probeQmiDevice } from './qmi-device.ts';
import { probeQmiRegistration, probeQmiSignal } from './qmi-network.ts';
import { probeQmiProfiles } from './qmi-profiles.ts';
import { probeQmiRadio } from './qmi-radio.ts';
import { probeQmiSession } from './qmi-session.ts';
import { probeQmiSim } from './qmi-sim.ts';
import { probeQmiTestCall } from './qmi-test-call.ts';
import { probeQmiUsbMode } from './qmi-usb-mode.ts';
import { probeModemManager, withModemManagerTypes } from './system-modemmanager.ts';
import { probePorts } from './system-ports.ts';

export interface ProbeOptions {
  /** Per-request limit for QMI reads. */
  requestMs?: number;
  /** Ask ModemManager over D-Bus (default true). */
  modemManager?: boolean;
  /** Called as each group of probes finishes. */
  onStep?: (step: string) => void;
}

type Writable = { -readonly [K in keyof Facts]?: Facts[K] };

/**
 * The QMI services the probes below ask, for a client id each as soon as the port has answered
 * (QmiClient.allocateAhead). First those whose first reply another request waits on: UIM's card
 * status before the SIM's identity is read, WDS's profile list before a profile's settings. The
 * modem answers in the order asked, and each service's requests leave once its id is there.
 */
export const QMI_PROBE_SERVICES: readonly ServiceDecl[] = [UIM, WDS, NAS, DMS, WDA];

/** Probes what the open modem offers over QMI, plus the system around it. */
export async function probeModem(open: OpenModem, opts: ProbeOptions = {}): Promise<Facts> {
  const ctx = probeContext(open, opts.requestMs ?? PROBE_REQUEST_MS);
  const step = (s: string): void => { try { opts.onStep?.(s); } catch { /* a listener never stops probing */ } };
  const facts: Writable = {};
  const set = <K extends keyof Writable>(k: K, v: Writable[K] | undefined): void => { if (v !== undefined) facts[k] = v; };

  // Read once, awaited by their own group and by the test call.
  const registration = guarded(ctx, 'qmi-registration', () => probeQmiRegistration(ctx));
  const profiles = guarded(ctx, 'qmi-profiles', () => probeQmiProfiles(ctx));
  await Promise.all([
    guarded(ctx, 'qmi-device', async () => {
      const device = await probeQmiDevice(ctx);
      set('device', device);
      set('usbMode', await probeQmiUsbMode(ctx, device?.value.manufacturer));
      step('device');
    }),
    guarded(ctx, 'qmi-sim', async () => {
      const sim = await probeQmiSim(ctx);
      set('sim', sim);
      step('SIM');
    }),
    guarded(ctx, 'qmi-radio', async () => { set('radio', await probeQmiRadio(ctx)); }),
    guarded(ctx, 'qmi-registration', async () => { set('registration', await registration); step('network'); }),
    guarded(ctx, 'qmi-signal', async () => { set('signal', await probeQmiSignal(ctx)); }),
    guarded(ctx, 'qmi-profiles', async () => { set('profiles', await profiles); step('APN profiles'); }),
    guarded(ctx, 'qmi-session', async () => {
      const s = await probeQmiSession(ctx);
      set('autoconnect', s.autoconnect);
      // With nothing holding a session, a test call says whether the network takes the APN.
      const [reg, prof] = await Promise.all([registration, profiles]);
      const index = prof?.value.defaultIndex ?? 1;
      const apn = prof?.value.profiles.find((p) => p.index === index)?.apn;
      set('connection', await probeQmiTestCall(ctx, reg, s.connection, { index, ...(apn !== undefined ? { apn } : {}) }));
    }),
    guarded(ctx, 'qmi-data-format', async () => { set('dataFormat', await probeQmiDataFormat(ctx)); step('data format'); }),
    guarded(ctx, 'ports', async () => {
      const [ports, mm] = await Promise.all([
        probePorts(ctx),
        opts.modemManager === false ? Promise.resolve({ portTypes: new Map<string, string>(), modemManager: undefined }) : probeModemManager(ctx),
      ]);
      set('modemManager', mm.modemManager);
      if (ports) set('ports', { ...ports, value: withModemManagerTypes(ports.value, mm.portTypes) });
      step('ports');
    }),
  ]);
  const reach = open.reach ?? { value: { at: [] }, via: 'doctor' as const, evidence: [] };
  return { reach, ...facts, problems: ctx.problems };
}
