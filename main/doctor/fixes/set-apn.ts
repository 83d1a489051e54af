// set-apn: the APN of the profile data calls use. QMI WDS Modify Profile (Create Profile when it
// does not exist; libqmi data/qmi-service-wds.json), or AT+CGDCONT (3GPP TS 27.007 §10.1.1)
// without QMI. The APN is the one given (--apn) or the provider database's first data APN for
// the SIM's network (main/apn). Only the fields that change are sent, so the profile's name, PDP
// type and password stay as they were; the previous values are saved for undo (the password
// never is: when a new one replaces an old one, the record says it cannot come back).
// After writing, one test call with the profile asks the network: a refusal with 3GPP cause 27
// (unknown APN) or 33 (not subscribed) is said, with the next suggestion to try.

import { loadProviderIndex } from '../../apn/load-database.ts';
import { APN_REFUSAL_CAUSES, nextSuggestion, suggestApns } from '../../apn/suggest.ts';
import type { ApnSuggestion, ApnSuggestions } from '../../apn/types.ts';
import { WDS } from '../../qmi/services/index.ts';
import type { ApnProfileFact, PdpTypeFact } from '../facts.ts';
import type { FixPlan, UndoRecord } from '../fix.ts';
import { vendorOf, type AtVendor } from '../probes/at-vendor.ts';
import { atOk, qmiOk, qmiTry } from './calls.ts';
import { FixError, refusedPlan, type Applied, type Fix, type FixContext, type UndoContext, type UndoOutcome } from './context.ts';

/** TS 23.003 §9.1: an APN is dot-separated labels of letters, digits and hyphens, 100 octets at
 *  most. Checked strictly: the value goes inside an AT command's quotes. */
const APN_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const USERNAME_RE = /^[^"\r\n\\]{0,64}$/;

const AT_PDP: Record<PdpTypeFact, string> = { ipv4: 'IP', ipv6: 'IPV6', ipv4v6: 'IPV4V6', unknown: 'IPV4V6' };
const QMI_PDP = { ipv4: 'ipv4', ipv6: 'ipv6', ipv4v6: 'ipv4-or-ipv6', unknown: 'ipv4-or-ipv6' } as const;
const PDP_TYPES: readonly PdpTypeFact[] = ['ipv4', 'ipv6', 'ipv4v6'];
type Auth = NonNullable<ApnProfileFact['auth']>;
const AUTHS: readonly Auth[] = ['none', 'pap', 'chap', 'pap-chap'];
const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export interface PreviousProfile {
  apn: string;
  pdpType: PdpTypeFact;
  username: string;
  auth: NonNullable<ApnProfileFact['auth']>;
  hasPassword: boolean;
}

/** The SIM's ranked APNs from the provider database, or why there are none. */
export async function suggestionsFor(ctx: FixContext): Promise<{ list?: ApnSuggestions; problem?: string }> {
  const sim = ctx.facts.sim?.value;
  if (sim?.mcc === undefined || sim.mnc === undefined) return { problem: 'the SIM\'s network (MCC/MNC) is not known' };
  try {
    const index = await (ctx.system?.apnIndex ?? (() => loadProviderIndex()))();
    const mnc = String(sim.mnc).padStart(sim.mncDigits === 3 ? 3 : 2, '0');
    return { list: suggestApns(index, { mcc: sim.mcc, mnc, ...(sim.gid1 ? { gid1: sim.gid1 } : {}), ...(sim.spn ? { spn: sim.spn } : {}) }) };
  } catch (e) {
    return { problem: (e as Error).message };
  }
}

const isData = (s: ApnSuggestion): boolean => s.usage === 'internet' || s.usage === 'unspecified' || s.usage.startsWith('mms-internet');

async function plan(ctx: FixContext): Promise<FixPlan> {
  const profiles = ctx.facts.profiles?.value;
  const index = ctx.options.profile !== undefined ? Number(ctx.options.profile) : profiles?.defaultIndex ?? 1;
  if (!Number.isInteger(index) || index < 1 || index > 24) return refusedPlan('set-apn', 'not-applicable', `Profile ${ctx.options.profile} is not a profile number (1–24).`);
  if (!ctx.open.qmi && !ctx.open.at) return refusedPlan('set-apn', 'unsupported', 'Neither a QMI nor an AT port is open.');
  const current = profiles?.profiles.find((p) => p.index === index);
  const warnings: string[] = [];
  let apn = ctx.options.apn;
  let chosen: ApnSuggestion | undefined;
  if (apn === undefined) {
    const s = await suggestionsFor(ctx);
    chosen = s.list?.suggestions.find(isData);
    if (!chosen || !s.list) {
      return refusedPlan('set-apn', 'not-applicable', `No APN to suggest (${s.problem ?? s.list?.summary ?? 'nothing listed'}): give the one your provider uses with --apn.`);
    }
    apn = chosen.apn;
    warnings.push(`${apn} is the provider database's first suggestion for ${s.list.plmn.mcc}/${s.list.plmn.mnc} (${chosen.provider}): ${chosen.reasons.join('; ')}.`);
    const others = s.list.suggestions.filter((x) => x !== chosen && isData(x)).map((x) => x.apn);
    if (others.length) warnings.push(`If the network refuses it, the others to try are ${others.join(', ')} (--apn NAME).`);
  }
  if (!APN_RE.test(apn) || apn.length > 100) return refusedPlan('set-apn', 'not-applicable', `"${apn}" is not an APN: letters, digits, hyphens and dots, at most 100 characters.`);
  const username = ctx.options.username;
  if (username !== undefined && !USERNAME_RE.test(username)) return refusedPlan('set-apn', 'not-applicable', 'The user name may not hold quotes, backslashes or line breaks, and is at most 64 characters.');
  // pdpType (the rules offer it for 3GPP causes 50/51; a provisioning profile may set it) and auth
  // (none, pap, chap, pap-chap; default pap-chap when a user name is given) are optional.
  const pdpType = ctx.options.pdpType;
  if (pdpType !== undefined && !PDP_TYPES.includes(pdpType as PdpTypeFact)) return refusedPlan('set-apn', 'not-applicable', `pdpType is ${PDP_TYPES.join(', ')}, not "${pdpType}".`);
  const authAsked = ctx.options.auth;
  if (authAsked !== undefined && !AUTHS.includes(authAsked as Auth)) return refusedPlan('set-apn', 'not-applicable', `auth is ${AUTHS.join(', ')}, not "${authAsked}".`);
  const auth = authAsked as Auth | undefined;
  if (auth !== undefined && auth !== 'none' && !username) return refusedPlan('set-apn', 'not-applicable', `auth ${auth} needs a user name (username).`);
  // auth none clears the login: no user name, no password.
  const login = auth === 'none' ? { username: '', auth: 'none' as Auth } : username !== undefined ? { username, auth: auth ?? 'pap-chap' } : undefined;
  const apnChanges = !current || !same(current.apn, apn);
  const pdpChanges = pdpType !== undefined && current?.pdpType !== pdpType;
  if (!apnChanges && !pdpChanges && login === undefined) {
    return refusedPlan('set-apn', 'nothing-to-do', `Profile ${index} already has the APN ${current?.apn ?? apn}.`);
  }
  // The provider database's own credentials (e.g. Wind/Wind for 222/88) are published, not the
  // user's secret: use them rather than ask, so `fix apn-missing --yes` needs no prompt.
  const needsPassword = login !== undefined && login.auth !== 'none';
  const dbPassword = needsPassword && await databasePassword(ctx, apn, login.username) !== undefined;
  const changes = [];
  if (apnChanges) changes.push({ what: `APN of profile ${index}`, from: current ? (current.apn || '(none)') : '(no such profile: created)', to: apn });
  if (pdpChanges) changes.push({ what: `IP type of profile ${index}`, from: current?.pdpType ?? '(new profile: ipv4v6)', to: pdpType });
  if (login !== undefined) {
    changes.push({ what: `user name of profile ${index}`, from: current?.username || '(none)', to: login.username || '(none)' });
    if ((current?.auth ?? 'none') !== login.auth) changes.push({ what: `authentication of profile ${index}`, from: current?.auth ?? 'none', to: login.auth });
    changes.push({ what: `password of profile ${index}`, from: current?.hasPassword ? '(set)' : '(none)', to: !needsPassword ? '(none)' : dbPassword ? "(the provider database's)" : '(the one you enter)' });
    if (current?.hasPassword) warnings.push('The profile\'s current password is replaced and not kept anywhere, so undo cannot bring it back.');
  }
  const previous: PreviousProfile | undefined = current
    ? { apn: current.apn, pdpType: current.pdpType, username: current.username ?? '', auth: current.auth ?? 'none', hasPassword: current.hasPassword }
    : undefined;
  return {
    fix: 'set-apn', changes, warnings,
    secrets: needsPassword && !dbPassword ? ['apn-password'] : [],
    options: {
      apn, profile: String(index), ...(login !== undefined ? { username: login.username, auth: login.auth } : {}), ...(pdpChanges ? { pdpType } : {}),
      ...(chosen ? { source: 'suggestion' } : {}), ...(dbPassword ? { password: 'database' } : {}),
    },
    restore: {
      index, existed: current !== undefined, via: ctx.open.qmi ? 'qmi' : 'at', pdpChanged: pdpChanges, ...(previous ? { previous } : {}),
      // Over AT, undo writes the login back in the vendor's AT+CGAUTH order.
      ...(ctx.open.qmi ? {} : { atVendor: vendorOf(ctx.facts.device?.value.manufacturer) }),
    },
  };
}

type QmiAuth = ('pap' | 'chap')[];
const QMI_AUTH: Record<PreviousProfile['auth'], QmiAuth> = { none: [], pap: ['pap'], chap: ['chap'], 'pap-chap': ['pap', 'chap'] };

interface Login { username: string; password: string; auth: Auth }

async function writeQmi(ctx: FixContext, index: number, existed: boolean, apn: string, pdp: PdpTypeFact | undefined, login?: Login): Promise<number> {
  const authFields = login ? { username: login.username, password: login.password, authentication: QMI_AUTH[login.auth] } : {};
  const pdpField = pdp ? { pdpType: QMI_PDP[pdp] } : {};
  if (existed) {
    await qmiOk(ctx.open, WDS, WDS.messages.modifyProfile, { profileIdentifier: { profileType: '3gpp', profileIndex: index }, apnName: apn, ...pdpField, ...authFields }, `Setting the APN of profile ${index}`);
    return index;
  }
  const r = await qmiOk(ctx.open, WDS, WDS.messages.createProfile, { profileType: '3gpp', apnName: apn, pdpType: 'ipv4-or-ipv6', ...pdpField, ...authFields }, 'Creating a profile');
  return r.fields.profileIdentifier?.profileIndex ?? index;
}

/** 27.007 §10.1.31 AT+CGAUTH <auth_prot>: 0 none, 1 PAP, 2 CHAP (PAP when both are allowed). */
const AT_AUTH: Record<Auth, number> = { none: 0, pap: 1, chap: 2, 'pap-chap': 1 };

/** AT+CGAUTH=<cid>,<auth_prot>,<userid>,<password> (27.007 §10.1.31; the channel masks the
 *  password). SIMCom's SIM7500/SIM7600 take <cid>,<auth_type>,<passwd>,<user>, the other way
 *  round: sent in 27.007's order the password would become the user name. No login: <cid>,0. */
function cgauth(vendor: AtVendor, index: number, login: Login): string {
  if (login.auth === 'none') return `AT+CGAUTH=${index},0`;
  const simcom = vendor === 'simcom';
  const [first, second] = simcom ? [login.password, login.username] : [login.username, login.password];
  return `AT+CGAUTH=${index},${AT_AUTH[login.auth]},"${first}","${second}"`;
}

async function writeAt(ctx: FixContext, index: number, pdp: PdpTypeFact, apn: string, login?: Login): Promise<void> {
  await atOk(ctx.open, `AT+CGDCONT=${index},"${AT_PDP[pdp]}","${apn}"`, `Setting the APN of profile ${index}`);
  if (login) await atOk(ctx.open, cgauth(vendorOf(ctx.facts.device?.value.manufacturer), index, login), `Setting the login of profile ${index}`, { shown: 'AT+CGAUTH' });
}

/** One test call with the profile: does the network take the APN? Stopped again at once. */
async function askNetwork(ctx: FixContext, index: number, apn: string): Promise<Record<string, unknown>> {
  const start = await qmiTry(ctx.open, WDS, WDS.messages.startNetwork, { profileIndex3gpp: index }, 'Trying the APN with the network');
  if (start.ok) {
    const handle = start.fields.packetDataHandle;
    if (handle !== undefined) await qmiTry(ctx.open, WDS, WDS.messages.stopNetwork, { packetDataHandle: handle }, 'Ending the test call');
    return { check: 'accepted', message: `The network accepted ${apn} (a test call came up and was ended).` };
  }
  if (start.result.errorName === 'no-effect') {
    return { check: 'not-checked', message: 'Not checked with the network: a data session is already up (the modem\'s autoconnect?).' };
  }
  const v = start.fields.verboseCallEndReason as { type?: string; reason?: number } | undefined;
  const cause = v?.type === '3gpp' ? v.reason : undefined;
  if (cause !== undefined && APN_REFUSAL_CAUSES[cause]) {
    const s = await suggestionsFor(ctx);
    const next = s.list ? nextSuggestion(s.list, [{ apn, cause }]) : undefined;
    return {
      check: 'refused', cause,
      message: `The network refused ${apn}: 3GPP cause ${cause} (${APN_REFUSAL_CAUSES[cause]}). ${next ? next.reason : 'Enter the APN your provider gives with --apn.'}`,
      ...(next?.next ? { next: next.next.apn } : {}),
    };
  }
  return { check: 'failed', message: `The test call failed (${start.result.errorName}${v ? `, ${v.type ?? '?'} reason ${v.reason ?? '?'}` : ''}); the APN is set all the same.` };
}

async function apply(ctx: FixContext, p: FixPlan): Promise<Applied> {
  if (p.refusal) throw new FixError('refused', p.refusal.message);
  const apn = p.options.apn ?? '';
  const index = Number(p.options.profile);
  const restore = p.restore ?? {};
  const existed = restore.existed === true;
  const previous = restore.previous as PreviousProfile | undefined;
  const username = p.options.username;
  const authWanted = (p.options.auth ?? 'pap-chap') as Auth;
  const pdp = p.options.pdpType as PdpTypeFact | undefined;
  const fromDb = username !== undefined && p.options.password === 'database' ? await databasePassword(ctx, apn, username) : undefined;
  const auth: Login | undefined = username === undefined ? undefined
    : authWanted === 'none' ? { username: '', password: '', auth: 'none' }
      : { username, password: fromDb ?? await ctx.secrets('apn-password'), auth: authWanted };
  if (auth && /["\r\n\\]/.test(auth.password)) throw new FixError('bad-secret', 'The password may not hold quotes, backslashes or line breaks; nothing was changed.');
  ctx.progress({ step: `setting the APN of profile ${index} to ${apn}` });
  let actual = index;
  if (ctx.open.qmi) {
    actual = await writeQmi(ctx, index, existed, apn, pdp, auth);
    const back = await qmiOk(ctx.open, WDS, WDS.messages.getProfileSettings, { profileId: { profileType: '3gpp', profileIndex: actual } }, 'Reading the profile back');
    if (!same(back.fields.apnName ?? '', apn)) throw new FixError('modem-error', `Profile ${actual} reads ${back.fields.apnName || '(none)'} after writing ${apn}.`);
  } else {
    await writeAt(ctx, index, pdp ?? previous?.pdpType ?? 'ipv4v6', apn, auth);
  }
  const registered = ['registered', 'roaming'].includes(ctx.facts.registration?.value.state ?? '');
  const outcome: Record<string, unknown> = { apn, profile: actual };
  if (ctx.open.qmi && registered) {
    ctx.progress({ step: `asking the network whether it takes ${apn}` });
    Object.assign(outcome, await askNetwork(ctx, actual, apn));
  } else {
    Object.assign(outcome, { check: 'not-checked', message: ctx.open.qmi ? 'Not checked with the network: the modem is not registered.' : 'Not checked with the network over AT.' });
  }
  return {
    undoable: true, outcome, restore: { index: actual },
    ...(auth && previous?.hasPassword ? { irreversible: 'The profile\'s previous password was not kept (passwords never are): undo puts back the APN and user name, not that password.' } : {}),
  };
}

async function undo(ctx: UndoContext, record: UndoRecord): Promise<UndoOutcome> {
  const r = record.restore;
  const index = Number(r.index);
  const previous = r.previous as PreviousProfile | undefined;
  const authChanged = record.changes.some((c) => c.what.startsWith('user name'));
  if (!ctx.open) throw new FixError('no-port', 'Undoing set-apn needs the modem.');
  const open = ctx.open;
  if (open.qmi) {
    if (r.existed === true && previous) {
      await qmiOk(open, WDS, WDS.messages.modifyProfile, {
        profileIdentifier: { profileType: '3gpp', profileIndex: index }, apnName: previous.apn,
        ...(r.pdpChanged === true ? { pdpType: QMI_PDP[previous.pdpType] } : {}),
        // A password that was not there before is cleared; one that was is gone for good (the plan said so).
        ...(authChanged ? { username: previous.username, authentication: QMI_AUTH[previous.auth], ...(previous.hasPassword ? {} : { password: '' }) } : {}),
      }, `Putting the APN of profile ${index} back`);
      return { restored: true, message: `Profile ${index} has the APN ${previous.apn || '(none)'} again.` };
    }
    await qmiOk(open, WDS, WDS.messages.deleteProfile, { profileIdentifier: { profileType: '3gpp', profileIndex: index } }, `Removing profile ${index}`);
    return { restored: true, message: `Profile ${index}, created by the fix, is removed.` };
  }
  if (r.existed === true && previous) {
    await atOk(open, `AT+CGDCONT=${index},"${AT_PDP[previous.pdpType]}","${previous.apn}"`, `Putting the APN of profile ${index} back`);
    // The login too, as over QMI (it was left as the fix set it: found by test/doctor/fix-matrix).
    // A password that was there is gone for good (the plan said so); none is written back.
    if (authChanged) {
      const vendor = typeof r.atVendor === 'string' ? r.atVendor as AtVendor : 'other';
      await atOk(open, cgauth(vendor, index, { username: previous.username, password: '', auth: previous.auth }), `Putting the login of profile ${index} back`, { shown: 'AT+CGAUTH' });
    }
    return { restored: true, message: `Profile ${index} has the APN ${previous.apn || '(none)'} again.` };
  }
  // 27.007 §10.1.1: AT+CGDCONT=<cid> alone removes the context.
  await atOk(open, `AT+CGDCONT=${index}`, `Removing profile ${index}`);
  return { restored: true, message: `Profile ${index}, created by the fix, is removed.` };
}

export const setApn: Fix = { id: 'set-apn', plan, apply, undo };

/** The password the provider database publishes for this APN and user name, if it lists one. */
async function databasePassword(ctx: FixContext, apn: string, username: string): Promise<string | undefined> {
  const s = await suggestionsFor(ctx);
  const match = s.list?.suggestions.find((x) => same(x.apn, apn) && x.username === username && x.hasPassword);
  return match?.password;
}
