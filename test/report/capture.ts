// Real exchanges with a virtual modem for report tests: our QMI client and AT channel on its
// PTYs, sharing one ExchangeLog (as a diagnosis does), asking what a diagnosis asks — identities,
// SIM, signal, profiles — plus the secret-carrying requests a fix sends (PIN over QMI and AT, an
// APN password), and facts built from the answers, each citing the exchanges it came from.

import { AtChannel } from '../../main/at/channel.ts';
import { ExchangeLog, type Exchange } from '../../main/evidence/exchange.ts';
import type { Facts } from '../../main/doctor/facts.ts';
import type { ModemTarget } from '../../main/doctor/target.ts';
import { QmiClient } from '../../main/qmi/client.ts';
import { DMS, NAS, UIM, WDS } from '../../main/qmi/services/index.ts';
import { openCharDevice } from '../../main/transport/char-device.ts';
import type { Simulator } from '../../main/simulator/simulator.ts';

export interface Capture {
  transcript: readonly Exchange[];
  facts: Facts;
  target: ModemTarget;
}

const seqs = (...xs: (Exchange | undefined)[]): number[] => xs.filter((x): x is Exchange => x !== undefined).map((x) => x.seq);

/** Asks the modem what a diagnosis would, and sends the PIN and a password as a fix would. */
export async function capture(sim: Simulator): Promise<Capture> {
  const log = new ExchangeLog();
  const st = sim.model.state;
  const transport = await openCharDevice(sim.ports.qmi!);
  const qmi = await QmiClient.start(transport, { ownsDevice: true, log, releaseOnSignals: false, timeoutMs: 3000 });
  const at = await AtChannel.open(sim.ports.at[0]!, { log });
  try {
    const ids = await qmi.request(DMS, DMS.messages.getIds);
    const pin = await qmi.request(DMS, DMS.messages.uimGetPinStatus);
    const pinLeft = pin.fields.pin1Status?.verifyRetriesLeft;
    const pukLeft = pin.fields.pin1Status?.unblockRetriesLeft;
    const facts: Facts = {
      reach: { value: { qmi: { path: sim.ports.qmi!, answer: 'answered', via: 'direct' }, at: [{ path: sim.ports.at[0]!, answer: 'answered' }], atUsed: sim.ports.at[0]! }, via: 'doctor', evidence: seqs(ids.request, ids.response) },
      device: { value: { manufacturer: st.identity.manufacturer, model: st.identity.model, ...(ids.fields.imei ? { imei: ids.fields.imei } : {}) }, via: 'qmi', evidence: seqs(ids.response) },
      problems: [],
    };
    // The PIN as a fix enters it: over QMI, and over AT (the echo carries it back).
    if (st.sim.present && st.sim.pinState === 'pin-required') {
      await qmi.request(DMS, DMS.messages.uimVerifyPin, { info: { pinId: 'pin', pin: st.sim.pin } });
      await at.send(`AT+CPIN="${st.sim.pin}"`);
    }
    const iccid = await qmi.request(DMS, DMS.messages.uimGetIccid);
    const imsi = await qmi.request(DMS, DMS.messages.uimGetImsi);
    const simReady = imsi.ok;
    facts.sim = {
      value: {
        state: !st.sim.present ? 'absent' : simReady ? 'ready' : 'pin-required',
        ...(pinLeft !== undefined ? { pinLeft } : {}), ...(pukLeft !== undefined ? { pukLeft } : {}),
        ...(iccid.ok ? { iccid: iccid.fields.iccid } : {}),
        ...(simReady ? { imsi: imsi.fields.imsi, mcc: st.sim.mcc, mnc: st.sim.mnc, mncDigits: st.sim.mncDigits } : {}),
      },
      via: 'qmi', evidence: seqs(pin.response, iccid.response, imsi.response),
    };
    // EF ICCID read as ModemManager reads it (UIM Read Transparent), and the AT identity commands.
    await qmi.request(UIM, UIM.messages.readTransparent, {
      session: { sessionType: 'primary-gw-provisioning', applicationIdentifier: '' },
      file: { fileId: 0x2fe2, filePath: '003f' },
      readInformation: { offset: 0, length: 0 },
    });
    for (const cmd of ['ATI', 'AT+CGSN', 'AT+CIMI', 'AT+QCCID', 'AT+CSQ']) await at.send(cmd);
    const sig = await qmi.request(NAS, NAS.messages.getSignalInfo);
    const lte = sig.fields.lteSignalStrength;
    if (lte) facts.signal = { value: { rat: 'lte', rsrp: lte.rsrp, rssi: lte.rssi, quality: 'good' }, via: 'qmi', evidence: seqs(sig.response) };
    const ops = await qmi.request(NAS, NAS.messages.getServingSystem);
    facts.registration = { value: { state: 'registered', mcc: st.network.mcc, mnc: st.network.mnc, operatorName: st.network.operatorName }, via: 'qmi', evidence: seqs(ops.response) };
    // An APN password as set-apn writes it, then the profile read back (its reply carries the password TLV).
    const profile = st.profiles[0];
    if (profile) {
      await qmi.request(WDS, WDS.messages.modifyProfile, { profileIdentifier: { profileType: '3gpp', profileIndex: profile.index }, username: 'user', password: profile.password || 'x' });
      // 27.007 §10.1.31 puts the user first; SIMCom's SIM7500/SIM7600 manual the password first.
      const login = sim.profile.family === 'simcom' ? `"${profile.password}","user"` : `"user","${profile.password}"`;
      await at.send(`AT+CGAUTH=${profile.index},1,${login}`);
      const read = await qmi.request(WDS, WDS.messages.getProfileSettings, { profileId: { profileType: '3gpp', profileIndex: profile.index } });
      facts.profiles = { value: { profiles: [{ index: profile.index, apn: profile.apn, pdpType: 'ipv4', username: 'user', hasPassword: true }], defaultIndex: 1 }, via: 'qmi', evidence: seqs(read.response) };
    }
    const target: ModemTarget = { id: `qmi:${sim.ports.qmi!}`, qmi: sim.ports.qmi!, at: [...sim.ports.at], usb: { vid: sim.profile.vid, pid: sim.profile.pid, model: st.identity.model } };
    return { transcript: [...log.all()], facts, target };
  } finally {
    await at.close();
    await qmi.close();
  }
}
