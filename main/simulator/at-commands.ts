// The AT command set of the virtual modem: 3GPP TS 27.007 plus each vendor's own commands (at-vendor.ts),
// all answered from the one ModemModel. Returns info lines and a final result; the AT face does
// the framing, echo and timing.

import { parseCommandLine, type CommandPart } from '../at/parsers/command.ts';
import { splitFields } from '../at/parsers/fields.ts';
import { parseCgdcontWrite } from '../at/parsers/pdp.ts';
import type { ModemModel } from './model.ts';
import type { ModemProfile } from './profiles/index.ts';
import { act, cpinText, csqIndex, hex, pdpTypeFrom, pdpTypeText, regStat } from './at-format.ts';
import { cme, error, ok, type AtResult, type AtSession } from './at-session.ts';
import { runVendorCommand } from './at-vendor.ts';

export interface AtContext {
  model: ModemModel;
  profile: ModemProfile;
  session: AtSession;
}

// parseCommandLine splits at ';' and reads a basic command's parameters up to there, so
// "ATE0V1" comes back as E with "0V1". V.250 §5.2.1 lets basic commands follow one another
// without a separator (modem managers send ATE0V1, ATZE0, ATE0+CMEE=1), which the host side
// never needs to read but a modem must answer, so basic parts are split further here.
const BASIC = /^(&?[A-Z])(\d*)/i;
const isExtended = (name: string): boolean => /^[+!#^$%*]/.test(name);

function splitBasic(part: CommandPart): CommandPart[] {
  // D takes the rest of the line as its dial string.
  if (isExtended(part.name) || part.name === 'D') return [part];
  const out: CommandPart[] = [];
  let rest = part.name + part.args;
  for (let m = BASIC.exec(rest); m; m = BASIC.exec(rest)) {
    out.push({ name: m[1]!.toUpperCase(), form: 'exec', args: m[2]! });
    rest = rest.slice(m[0].length);
  }
  return rest === '' ? out : [...out, ...parseCommandLine(rest)];
}

/** Splits "AT+A;+B" into +A and +B and "ATE0V1" into E0 and V1; null for a line without "AT". */
export function splitCommandLine(line: string): CommandPart[] | null {
  if (!/^AT/i.test(line)) return null;
  return parseCommandLine(line).flatMap(splitBasic);
}

function simGate(ctx: AtContext): AtResult | null {
  const s = ctx.model.state.sim;
  if (!s.present) return cme(10);
  if (s.pinState === 'pin-required') return cme(11);
  if (s.pinState === 'puk-required' || s.pinState === 'blocked') return cme(12);
  return null;
}

function regLine(ctx: AtContext, name: 'CREG' | 'CGREG' | 'CEREG', n: number): string {
  const s = ctx.model.state;
  const stat = regStat(s, ctx.model.simReady);
  const registered = stat === 1 || stat === 5;
  if (n >= 2 && registered) {
    const area = name === 'CEREG' ? hex(s.network.tac, 4) : hex(s.network.lac, 4);
    return `+${name}: ${n},${stat},"${area}","${hex(s.network.cellId, 8)}",${act(s.network.rat)}`;
  }
  return `+${name}: ${n},${stat}`;
}

/** One command (without "AT"), e.g. "+CSQ", "+CPIN=\"1234\"", "E0". */
export function runCommand(cmd: string | CommandPart, ctx: AtContext): AtResult {
  const part = typeof cmd === 'string' ? splitCommandLine(`AT${cmd}`)?.[0] : cmd;
  if (!part) return ok();
  const { model, session } = ctx;
  const s = model.state;
  // A basic command's switch case carries its parameter ("E0", "&D2"); an extended one's name is enough.
  const name = isExtended(part.name) ? part.name : part.name + part.args.toUpperCase();
  const isRead = part.form === 'read';
  const isTest = part.form === 'test';
  const args = part.form === 'set' ? splitFields(part.args).map((f) => f.text) : [];
  const num = (i: number): number => Number(args[i]);

  switch (name) {
    case 'E0': session.echo = false; return ok();
    case 'E1': session.echo = true; return ok();
    case 'E': session.echo = false; return ok();
    case 'V1': case 'Q0': case 'X4': case 'X0': case '&D2': case '&C1': return ok();
    case 'Z': case '&F': session.echo = true; return ok();
    case 'I': case 'I0': return ok(...atiLines(ctx));
    case '+CMEE':
      if (isRead) return ok(`+CMEE: ${session.cmee}`);
      if (isTest) return ok('+CMEE: (0-2)');
      if (![0, 1, 2].includes(num(0))) return cme(50);
      session.cmee = num(0) as 0 | 1 | 2;
      return ok();
    case '+CGMI': case '+GMI': return ok(s.identity.manufacturer);
    case '+CGMM': case '+GMM': return ok(s.identity.model);
    case '+CGMR': case '+GMR': return ok(s.identity.revision);
    case '+CGSN': case '+GSN': return ok(s.identity.imei);
    case '+GCAP': return ok('+GCAP: +CGSM');
    case '+CPIN': {
      if (isTest) return ok();
      if (isRead) {
        const t = cpinText(s);
        return t ? ok(`+CPIN: ${t}`) : cme(s.sim.present ? 13 : 10);
      }
      if (!s.sim.present) return cme(10);
      if (s.sim.pinState === 'ready') return cme(3);
      const r = args.length >= 2 ? model.unblockPin(args[0] ?? '', args[1] ?? '') : model.verifyPin(args[0] ?? '');
      if (r.ok) return ok();
      if (r.error === 'pin-blocked' || r.error === 'puk-blocked') return cme(args.length >= 2 && r.error === 'puk-blocked' ? 13 : 12);
      if (r.error === 'bad-argument') return cme(50);
      return cme(16);
    }
    case '+CLCK': {
      if ((args[0] ?? '').toUpperCase() !== 'SC') return cme(50);
      if (!s.sim.present) return cme(10);
      if (num(1) === 2) return ok(`+CLCK: ${s.sim.pinEnabled ? 1 : 0}`);
      if (num(1) !== 0 && num(1) !== 1) return cme(50);
      const gate = simGate(ctx);
      if (gate) return gate;
      // The PIN given here is checked like AT+CPIN: a wrong one spends an attempt.
      const r = model.setPinLock(num(1) === 1, args[2] ?? '');
      if (r.ok) return ok();
      if (r.error === 'pin-blocked') return cme(12);
      if (r.error === 'bad-argument') return cme(50);
      return cme(16);
    }
    case '+CIMI': return simGate(ctx) ?? ok(s.sim.imsi);
    case '+CCID': case '+QCCID': case '+ICCID': case '+CICCID': {
      if (!s.sim.present) return cme(10);
      const prefix = name === '+CICCID' ? '+ICCID' : name;
      return ok(`${prefix}: ${s.sim.iccid}`);
    }
    case '+CSQ': {
      if (isTest) return ok('+CSQ: (0-31,99),(0-7,99)');
      const reg = regStat(s, model.simReady);
      const rssi = reg === 1 || reg === 5 ? csqIndex(s.signal.rssi) : 99;
      return ok(`+CSQ: ${rssi},99`);
    }
    case '+CESQ': {
      const reg = regStat(s, model.simReady);
      if (reg !== 1 && reg !== 5) return ok('+CESQ: 99,99,255,255,255,255');
      const rsrq = Math.max(0, Math.min(34, Math.round((s.signal.rsrq + 20) * 2)));
      const rsrp = Math.max(0, Math.min(97, s.signal.rsrp + 141));
      return ok(`+CESQ: 99,99,255,255,${rsrq},${rsrp}`);
    }
    case '+CREG': case '+CGREG': case '+CEREG': {
      const key = name === '+CREG' ? 'creg' : name === '+CGREG' ? 'cgreg' : 'cereg';
      if (isTest) return ok(`${name}: (0-2)`);
      if (isRead) return ok(regLine(ctx, name.slice(1) as 'CREG', session[key]));
      if (![0, 1, 2].includes(num(0))) return cme(50);
      session[key] = num(0);
      return ok();
    }
    case '+COPS': {
      if (isRead) {
        const reg = regStat(s, model.simReady);
        if (reg !== 1 && reg !== 5) return ok('+COPS: 0');
        const oper = session.copsFormat === 2 ? `${s.network.mcc}${String(s.network.mnc).padStart(s.sim.mncDigits, '0')}` : s.network.operatorName;
        return ok(`+COPS: 0,${session.copsFormat},"${oper}",${act(s.network.rat)}`);
      }
      if (isTest) return ok(`+COPS: (2,"${s.network.operatorName}","${s.network.operatorName}","${s.network.mcc}${s.network.mnc}",7),,(0-4),(0-2)`);
      if (num(0) === 3) { session.copsFormat = (num(1) === 2 ? 2 : num(1) === 1 ? 1 : 0); return ok(); }
      if (num(0) === 0) return ok();
      return cme(3);
    }
    case '+CGDCONT': {
      if (isTest) return ok('+CGDCONT: (1-24),"IP",,,(0-2),(0-4),(0,1),(0,1)', '+CGDCONT: (1-24),"IPV6",,,(0-2),(0-4),(0,1),(0,1)', '+CGDCONT: (1-24),"IPV4V6",,,(0-2),(0-4),(0,1),(0,1)');
      if (isRead) return ok(...s.profiles.map((p) => `+CGDCONT: ${p.index},"${pdpTypeText(p.pdpType)}","${p.apn}","0.0.0.0",0,0,0,0`));
      const w = parseCgdcontWrite(part.args);
      if (!w.ok) return cme(50);
      const { cid } = w.value;
      if (cid < 1 || cid > 24) return cme(50);
      if (w.value.deleted) { model.deleteProfile(cid); return ok(); }
      const type = pdpTypeFrom(w.value.pdpType ?? '');
      if (!type) return cme(50);
      model.setProfile(cid, { pdpType: type, apn: w.value.apn ?? '' });
      return ok();
    }
    // 27.007 §10.1.31 AT+CGAUTH=<cid>[,<auth_prot>[,<userid>[,<password>]]]: 0 none, 1 PAP, 2 CHAP;
    // <cid> alone makes the context's authentication undefined (none). SIMCom's SIM7500/SIM7600
    // take <cid>,<auth_type>[,<passwd>[,<user>]]: the password first (its AT command manual).
    case '+CGAUTH': {
      if (isTest) return ok('+CGAUTH: (1-24),(0-2),64,64');
      // The read form names no password (27.007: +CGAUTH: <cid>,<auth_prot>,<userid>).
      if (isRead) return ok(...s.profiles.map((p) => `+CGAUTH: ${p.index},${p.auth === 3 ? 1 : p.auth},"${p.username}"`));
      const cid = num(0);
      if (!model.profile(cid)) return cme(50);
      const prot = args.length > 1 ? num(1) : 0;
      if (![0, 1, 2].includes(prot)) return cme(50);
      const simcom = ctx.profile.family === 'simcom';
      const username = (simcom ? args[3] : args[2]) ?? '';
      const password = (simcom ? args[2] : args[3]) ?? '';
      model.setProfile(cid, prot === 0 ? { auth: 0, username: '', password: '' } : { auth: prot, username, password });
      return ok();
    }
    case '+CGACT': {
      if (isRead) return ok(...s.profiles.map((p) => `+CGACT: ${p.index},${s.connection?.profileIndex === p.index ? 1 : 0}`));
      const state = num(0);
      const cid = args.length > 1 ? num(1) : 1;
      if (state === 1) {
        const gate = simGate(ctx);
        if (gate) return gate;
        const r = model.startNetwork({ profileIndex: cid });
        if (r.ok || r.error === 'no-effect') return ok();
        if (r.error === 'call-failed') return cme(r.verbose.reason === 27 ? 533 : 133);
        if (r.error === 'not-registered' || r.error === 'low-power') return cme(30);
        return cme(148);
      }
      if (state === 0) {
        const c = s.connection;
        if (c && c.profileIndex === cid) model.stopNetwork(c.handle, false);
        return ok();
      }
      return cme(50);
    }
    case '+CGPADDR': {
      const cids = args.length > 0 && args[0] !== '' ? [num(0)] : s.profiles.map((p) => p.index);
      return ok(...cids.map((cid) => `+CGPADDR: ${cid},"${s.connection?.profileIndex === cid ? s.connection.ipv4 : '0.0.0.0'}"`));
    }
    // 27.007 §8.41: automatic time zone update from NITZ; ModemManager asks +CTZU=? on enable.
    case '+CTZU':
      if (isRead) return ok(`+CTZU: ${s.autoTimeZone ? 1 : 0}`);
      if (isTest) return ok('+CTZU: (0,1)');
      if (args[0] !== '0' && args[0] !== '1') return cme(50);
      model.state.autoTimeZone = args[0] === '1';
      return ok();
    // 27.007 §8.15: the real-time clock, "yy/MM/dd,hh:mm:ss±zz" with zz in quarter hours; the
    // simulated clock is the host's, in UTC.
    case '+CCLK':
      if (isTest) return ok();
      if (!isRead) return cme(4);
      return ok(`+CCLK: "${cclkTime(new Date())}"`);
    case '+CFUN': {
      if (isRead) return ok(`+CFUN: ${model.cfun}`);
      if (isTest) return ok('+CFUN: (0,1,4),(0-1)');
      const fun = num(0);
      if (fun !== 0 && fun !== 1 && fun !== 4) return cme(50);
      if (args.length > 1 && num(1) === 1) return { lines: [], final: 'OK', after: () => model.reset() };
      // CFUN 0 (minimum functionality) and 4 (RF off) are both QMI low-power; QMI offline is a
      // one-way state that only a reset leaves, which AT+CFUN=0 is not.
      const done = fun === 1 ? model.setOperatingMode('online') : model.setOperatingMode('low-power', fun);
      return done ? ok() : cme(3);
    }
    default:
      return runVendorCommand(name, { isRead, isTest, args }, ctx) ?? error();
  }
}

/** A time as +CCLK prints it, at UTC (zone +00). */
export function cclkTime(d: Date): string {
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${p2(d.getUTCFullYear() % 100)}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())},${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}+00`;
}

function atiLines(ctx: AtContext): string[] {
  const id = ctx.model.state.identity;
  if (ctx.profile.family === 'quectel') return [id.manufacturer, id.model, `Revision: ${id.revision}`];
  return [`Manufacturer: ${id.manufacturer}`, `Model: ${id.model}`, `Revision: ${id.revision}`, `IMEI: ${id.imei}`, '+GCAP: +CGSM'];
}
