// Vendor AT commands (Quectel EC25 AT Commands Manual, Sierra Wireless AT command reference,
// SIMCom SIM7500/SIM7600 AT Command Manual), answered only by modems of
// that vendor: a Quectel command on a SIMCom modem is an ERROR, as on the real thing.

import { cme, ok, type AtResult } from './at-session.ts';
import type { AtContext } from './at-commands.ts';
import { hex, regStat } from './at-format.ts';

export interface VendorArgs { isRead: boolean; isTest: boolean; args: string[] }

export function runVendorCommand(name: string, a: VendorArgs, ctx: AtContext): AtResult | null {
  switch (ctx.profile.family) {
    case 'quectel': return quectel(name, a, ctx);
    case 'simcom': return simcom(name, a, ctx);
    case 'sierra': return sierra(name, a, ctx);
  }
}

function registered(ctx: AtContext): boolean {
  const st = regStat(ctx.model.state, ctx.model.simReady);
  return st === 1 || st === 5;
}

function quectel(name: string, a: VendorArgs, ctx: AtContext): AtResult | null {
  const s = ctx.model.state;
  const n = s.network;
  const sig = s.signal;
  switch (name) {
    case '+QCFG': {
      if ((a.args[0] ?? '').toLowerCase() !== 'usbnet') return cme(50);
      if (a.args.length === 1) return ok(`+QCFG: "usbnet",${s.pendingComposition ?? s.usbComposition}`);
      const v = Number(a.args[1]);
      if (!(v in ctx.profile.composition.values)) return cme(50);
      // Stored in NV; the new function appears only after the next reset (AT+CFUN=1,1): Quectel EC25 manual, AT+QCFG="usbnet".
      ctx.model.setComposition(v);
      return ok();
    }
    case '+QENG': {
      if (!registered(ctx)) return ok('+QENG: "servingcell","SEARCH"');
      return ok(`+QENG: "servingcell","NOCONN","LTE","FDD",${n.mcc},${String(n.mnc).padStart(2, '0')},${hex(n.cellId, 7)},107,${n.earfcn},${n.lteBand},5,5,${hex(n.tac, 4)},${sig.rsrp},${sig.rsrq},${sig.rssi},${sig.snr},21`);
    }
    case '+QCSQ':
      if (!registered(ctx)) return ok('+QCSQ: "NOSERVICE"');
      // SINR in 1/5 dB above −20 dB (Quectel EC25 manual, AT+QCSQ).
      return ok(`+QCSQ: "LTE",${sig.rssi},${sig.rsrp},${Math.round((sig.snr + 20) * 5)},${sig.rsrq}`);
    case '+QNWINFO':
      if (!registered(ctx)) return ok('+QNWINFO: No Service');
      return ok(`+QNWINFO: "FDD LTE","${n.mcc}${String(n.mnc).padStart(2, '0')}","LTE BAND ${n.lteBand}",${n.earfcn}`);
    case '+QSIMSTAT': return ok(`+QSIMSTAT: 0,${s.sim.present ? 1 : 0}`);
    case '+QINISTAT': return ok(`+QINISTAT: ${ctx.model.simReady ? 7 : 0}`);
    case '+QPINC': {
      if (!s.sim.present) return cme(10);
      const lines = [`+QPINC: "SC",${s.sim.pinLeft},${s.sim.pukLeft}`, '+QPINC: "P2",3,10'];
      const which = (a.args[0] ?? '').toUpperCase();
      return ok(...(which === 'SC' ? lines.slice(0, 1) : which === 'P2' ? lines.slice(1) : lines));
    }
    case '+QGMR': return ok(`${s.identity.revision}_01.001.01.001`);
    // Quectel EC25 GNSS manual, AT+QGPS: test lists GNSS mode, fix max time, fix max distance,
    // fix count and fix rate; ModemManager's Quectel plugin asks +QGPS=? to learn GNSS is there.
    case '+QGPS':
      if (a.isTest) return ok('+QGPS: (1),(1-3),(1-1000),(1-1000),(1-65535)');
      if (a.isRead) return ok(`+QGPS: ${s.gnssOn ? 1 : 0}`);
      if (a.args[0] !== '1') return cme(50);
      // "Session is ongoing" (CME 504) when already on.
      if (s.gnssOn) return cme(504);
      s.gnssOn = true;
      return ok();
    case '+QGPSEND':
      // "Session not active" (CME 505).
      if (!s.gnssOn) return cme(505);
      s.gnssOn = false;
      return ok();
    default: return null;
  }
}

function simcom(name: string, a: VendorArgs, ctx: AtContext): AtResult | null {
  const s = ctx.model.state;
  const n = s.network;
  const sig = s.signal;
  switch (name) {
    case '+CPSI':
      if (!registered(ctx)) return ok('+CPSI: NO SERVICE,Online');
      // RSRQ, RSRP and RSSI in tenths of a dB (SIMCom SIM7500/SIM7600 AT Command Manual, AT+CPSI).
      return ok(`+CPSI: LTE,Online,${n.mcc}-${String(n.mnc).padStart(2, '0')},0x${hex(n.tac, 4)},${n.cellId},107,EUTRAN-BAND3,1300,5,5,${sig.rsrq * 10},${sig.rsrp * 10},${sig.rssi * 10},${sig.snr}`);
    case '+CNSMOD': return ok(`+CNSMOD: 0,${registered(ctx) ? 8 : 0}`);
    case '+CUSBPIDSWITCH': {
      if (a.isRead) return ok(`+CUSBPIDSWITCH: ${hex(s.usbComposition, 4)}`);
      const pid = parseInt(a.args[0] ?? '', 16);
      if (!(pid in ctx.profile.composition.values)) return cme(50);
      ctx.model.setComposition(pid);
      // SIMCom reboots by itself after the switch (AT+CUSBPIDSWITCH=<pid>,1,1, SIMCom SIM7600 AT Command Manual).
      return { lines: [], final: 'OK', after: () => ctx.model.reset() };
    }
    case '+SPIC':
      if (!s.sim.present) return cme(10);
      return ok(`+SPIC: ${s.sim.pinLeft},${s.sim.pukLeft},3,10`);
    default: return null;
  }
}

function sierra(name: string, a: VendorArgs, ctx: AtContext): AtResult | null {
  const s = ctx.model.state;
  const sig = s.signal;
  const n = s.network;
  switch (name) {
    case '!ENTERCND':
      if (a.args[0] !== 'A710') return { lines: [], final: 'ERROR' };
      ctx.session.sierraUnlocked = true;
      return ok();
    case '!USBCOMP': {
      if (!ctx.session.sierraUnlocked) return { lines: [], final: 'ERROR' };
      const mask = s.pendingComposition ?? s.usbComposition;
      if (a.isRead) {
        const names = ctx.profile.composition.values[mask] ?? 'custom';
        return ok('Config Index: 1', 'Config Type:  1 (Generic)', `Interface bitmask: ${hex(mask, 8)} (${names.toLowerCase().replace(/\+/g, ',')})`);
      }
      const v = parseInt(a.args[2] ?? '', 16);
      if (!Number.isInteger(v) || v <= 0) return cme(50);
      ctx.model.setComposition(v); // applies at AT!RESET
      return ok();
    }
    case '!RESET': return { lines: [], final: 'OK', after: () => ctx.model.reset() };
    // Attempts left: PIN1, PIN2, PUK1, PUK2 (Sierra AirPrime MC/EM74xx AT Command Reference,
    // !CPINC; ModemManager's Sierra plugin reads the unlock retries from it).
    case '!CPINC':
      if (!s.sim.present) return cme(10);
      return ok(`!CPINC: ${s.sim.pinLeft},3,${s.sim.pukLeft},10`);
    case '!IMPREF':
      if (a.isRead) {
        return ok('!IMPREF: ', ' preferred fw version:    02.24.05.06', ' preferred carrier name:  GENERIC',
          ' preferred config name:   GENERIC_002.026_000', ' current fw version:      02.24.05.06',
          ' current carrier name:    GENERIC', ' current config name:     GENERIC_002.026_000');
      }
      if (!ctx.session.sierraUnlocked) return { lines: [], final: 'ERROR' };
      return ok();
    case '!GSTATUS': {
      const reg = registered(ctx);
      return ok('!GSTATUS: ', 'Current Time:  4217\t\tTemperature: 38',
        `Reset Counter: 1\t\tMode:        ${s.operatingMode === 'online' ? 'ONLINE' : 'LOW POWER'}`,
        `System mode:   ${reg ? 'LTE' : 'No service'}\tPS state:    ${reg ? 'Attached' : 'Not attached'}`,
        'LTE band:      B3     \t\tLTE bw:      20 MHz', 'LTE Rx chan:   1300\t\tLTE Tx chan: 19300',
        `EMM state:     ${reg ? 'Registered' : 'Deregistered'}\tNormal Service`, 'RRC state:     RRC Idle', '',
        `PCC RxM RSSI:  ${sig.rssi}\t\tRSRP (dBm):  ${sig.rsrp}`,
        `Tx Power:      0\t\tTAC:         ${hex(n.tac, 4)} (${n.tac})`,
        `RSRQ (dB):     ${sig.rsrq.toFixed(1)}\t\tCell ID:     ${hex(n.cellId, 8)} (${n.cellId})`,
        `SINR (dB):     ${sig.snr.toFixed(1)}`);
    }
    default: return null;
  }
}
