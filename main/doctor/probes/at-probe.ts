// Everything the doctor reads over AT, for modems where QMI is missing (AT-only modems, a USB
// composition without QMI, a QMI port held by another program): identity, SIM with attempts and
// identity after READY, radio, registration, signal, APN profiles and the USB composition. The
// questions go one after another on the one channel; the SIM's identity waits for its PIN state,
// and a modem that stops answering is not asked the rest (one timeout, not ten).

import type { AtChannel } from '../../at/channel.ts';
import type { ExchangeLog } from '../../evidence/exchange.ts';
import type { Facts } from '../facts.ts';
import type { OpenModem } from '../open-modem.ts';
import { AtAsker } from './at-ask.ts';
import { probeIdentityAt } from './at-identity.ts';
import { probeRadioAt, probeRegistrationAt, probeSignalAt } from './at-network.ts';
import { probeProfilesAt } from './at-profiles.ts';
import { probeSimAt } from './at-sim.ts';
import { probeUsbModeAt } from './at-usb-mode.ts';
import { vendorOf } from './at-vendor.ts';

export async function probeOverAt(open: OpenModem): Promise<Partial<Facts>> {
  const at = open.at;
  if (!at) return { problems: [{ probe: 'at', message: 'no AT port is open for this modem', evidence: [] }] };
  // A modem that restarts (RDY) while it is being read resets its settings and answers half of
  // the questions from before and half from after: read it all once more, from the start.
  let restarted = false;
  const onRestart = (): void => { restarted = true; };
  at.on('restart', onRestart);
  try {
    const first = await readAll(at, open.log);
    if (!restarted) return first;
    restarted = false;
    return await readAll(at, open.log);
  } finally {
    at.removeListener('restart', onRestart);
  }
}

async function readAll(at: AtChannel, log: ExchangeLog): Promise<Partial<Facts>> {
  const ask = new AtAsker(at, log);
  const out: Partial<Facts> = {};
  const device = await probeIdentityAt(ask);
  if (device) out.device = device;
  const vendor = vendorOf(device?.value.manufacturer);
  const sim = await probeSimAt(ask, vendor);
  if (sim) out.sim = sim;
  const radio = await probeRadioAt(ask);
  if (radio) out.radio = radio;
  const registration = await probeRegistrationAt(ask);
  if (registration) out.registration = registration;
  const signal = await probeSignalAt(ask, vendor);
  if (signal) out.signal = signal;
  const profiles = await probeProfilesAt(ask);
  if (profiles) out.profiles = profiles;
  const usbMode = await probeUsbModeAt(ask, vendor);
  if (usbMode) out.usbMode = usbMode;
  // The SIM's MNC length is not in the IMSI; the registered network's is, when it is the home one.
  const s = out.sim?.value;
  const r = out.registration?.value;
  if (s?.imsi && s.mcc !== undefined && r?.mcc === s.mcc && r.mnc !== undefined && s.imsi.slice(3).startsWith(String(r.mnc).padStart(2, '0'))) {
    s.mnc = r.mnc;
    s.mncDigits = String(r.mnc).padStart(2, '0').length === 3 ? 3 : 2;
  }
  out.problems = ask.problems;
  return out;
}
