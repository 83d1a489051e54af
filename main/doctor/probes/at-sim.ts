// The SIM over AT: 27.007 §8.3 AT+CPIN? for its state, the vendor's counter for attempts left
// (Quectel AT+QPINC? "SC", Sierra AT!CPINC?, SIMCom AT+SPIC; 27.007 §8.65 AT+CPINR elsewhere),
// and its identity (AT+CIMI, AT+CCID / +QCCID / +ICCID) only once the PIN state says READY:
// a locked SIM answers them with an error, and asking is pointless.
// +CME ERROR codes (27.007 §9.2): 10 SIM not inserted, 13 SIM failure, 14 SIM busy.

import type { AtReply } from '../../at/channel.ts';
import type { CpinResult, CpincResult, IccidResult, ImsiResult, PinRetries, QpincEntry, SpicResult } from '../../at/parsers/index.ts';
import type { Fact, SimFacts, SimState } from '../facts.ts';
import { cite, type Answer, type AtAsker } from './at-ask.ts';
import type { AtVendor } from './at-vendor.ts';

const CPIN_STATE: Readonly<Record<string, SimState>> = {
  ready: 'ready', 'sim-pin': 'pin-required', 'sim-puk': 'puk-required',
  // PIN2/PUK2 are asked only for PIN2-protected operations: the SIM itself is usable.
  'sim-pin2': 'ready', 'sim-puk2': 'ready',
};

function cmeOf(reply: AtReply | undefined): { code?: number; text?: string } | undefined {
  const f = reply?.final;
  return f?.kind === 'cme-error' ? { ...(f.code !== undefined ? { code: f.code } : {}), ...(f.text !== undefined ? { text: f.text.toLowerCase() } : {}) } : undefined;
}

/** The state a CPIN? error names: 10 not inserted, 13 failure (what a blocked SIM answers), 14 busy. */
function stateFromError(reply: AtReply | undefined): SimState | undefined {
  const e = cmeOf(reply);
  if (!e) return undefined;
  if (e.code === 10 || e.text?.includes('not inserted')) return 'absent';
  if (e.code === 14 || e.text?.includes('busy')) return 'not-ready';
  if (e.code === 13 || e.text?.includes('failure')) return 'unknown';
  return undefined;
}

async function attempts(ask: AtAsker, vendor: AtVendor): Promise<{ pinLeft?: number; pukLeft?: number; answer: Answer<unknown> }> {
  switch (vendor) {
    case 'quectel': {
      const a = await ask.ask<{ entries: QpincEntry[] }>('AT+QPINC="SC"', 'sim');
      const sc = a.value?.entries.find((e) => e.facility.toUpperCase() === 'SC');
      return { ...(sc ? { pinLeft: sc.pinRetries, pukLeft: sc.pukRetries } : {}), answer: a };
    }
    case 'sierra': {
      const a = await ask.ask<CpincResult>('AT!CPINC?', 'sim');
      return { ...(a.value ? { pinLeft: a.value.pin1, pukLeft: a.value.puk1 } : {}), answer: a };
    }
    case 'simcom': {
      const a = await ask.ask<SpicResult>('AT+SPIC', 'sim');
      return { ...(a.value ? { pinLeft: a.value.pin1, pukLeft: a.value.puk1 } : {}), answer: a };
    }
    default: {
      const a = await ask.ask<{ entries: PinRetries[] }>('AT+CPINR="SIM*"', 'sim', { quiet: true });
      const pin = a.value?.entries.find((e) => e.code.toUpperCase() === 'SIM PIN');
      const puk = a.value?.entries.find((e) => e.code.toUpperCase() === 'SIM PUK');
      return { ...(pin ? { pinLeft: pin.retries } : {}), ...(puk ? { pukLeft: puk.retries } : {}), answer: a };
    }
  }
}

export async function probeSimAt(ask: AtAsker, vendor: AtVendor): Promise<Fact<SimFacts> | undefined> {
  const cpin = await ask.ask<CpinResult>('AT+CPIN?', 'sim', { quiet: true });
  if (cpin.timedOut) return undefined;
  let state: SimState | undefined = cpin.value ? (CPIN_STATE[cpin.value.code] ?? 'unknown') : stateFromError(cpin.reply);
  if (state === undefined) {
    ask.problems.push({ probe: 'sim', message: cpin.error ?? 'AT+CPIN? gave no state', evidence: cpin.evidence });
    return undefined;
  }
  if (state === 'absent') return { value: { state }, via: 'at', evidence: cite(cpin) };
  const left = await attempts(ask, vendor);
  // A SIM that answers "SIM failure" with no PUK attempts left is blocked for good.
  if (state === 'unknown' && left.pukLeft === 0) state = 'blocked';
  if (state === 'puk-required' && left.pukLeft === 0) state = 'blocked';
  const sim: SimFacts = { state, ...(left.pinLeft !== undefined ? { pinLeft: left.pinLeft } : {}), ...(left.pukLeft !== undefined ? { pukLeft: left.pukLeft } : {}) };
  const answers: Answer<unknown>[] = [cpin, left.answer];
  if (state === 'ready') {
    const cimi = await ask.ask<ImsiResult>('AT+CIMI', 'sim');
    const ccidCommand = vendor === 'quectel' ? 'AT+QCCID' : vendor === 'simcom' ? 'AT+CICCID' : 'AT+CCID';
    const ccid = await ask.ask<IccidResult>(ccidCommand, 'sim');
    answers.push(cimi, ccid);
    if (cimi.value) {
      sim.imsi = cimi.value.imsi;
      // The MNC's length is on the SIM (EF AD), not in the IMSI: AT gives no portable way to read
      // it, so mnc/mncDigits stay for the caller who knows (the operator's PLMN, the database).
      sim.mcc = Number(cimi.value.mcc);
    }
    if (ccid.value) sim.iccid = ccid.value.iccid;
  }
  return { value: sim, via: 'at', evidence: cite(...answers) };
}
