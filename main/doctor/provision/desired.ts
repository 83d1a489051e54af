// A profile against one modem's facts (from a diagnosis): for each setting the profile names,
// whether the modem already has it, and if not, which existing fix brings it there and with
// which options. Pure: no modem is touched here. The order is the order of applying: the USB
// composition first (the modem resets, and every other setting is read again after it), then
// autoconnect (its session would keep the APN check from running), the data format, the APN.

import type { Facts } from '../facts.ts';
import type { FixId } from '../finding.ts';
import type { ProvisioningProfile } from './profile.ts';

export type SettingKey = 'usbComposition' | 'autoconnect' | 'dataFormat' | 'apn';

export interface SettingCheck {
  key: SettingKey;
  /** ok: the modem has it; change: a fix brings it there; unknown: the modem's value could not be read. */
  state: 'ok' | 'change' | 'unknown';
  /** The setting in words ("APN of profile 1"), what the modem has now, what the profile wants. */
  what: string;
  now: string;
  wanted: string;
  /** For state change: the fix and the options that do it. */
  fix?: FixId;
  options?: Record<string, string>;
  /** For state unknown: why. */
  note?: string;
}

const words = (l: string | undefined): string => (l === undefined ? '(unknown)' : l === '802-3' ? '802.3' : l);

function usb(p: ProvisioningProfile, f: Facts): SettingCheck | undefined {
  const wanted = p.usbComposition;
  if (wanted === undefined) return undefined;
  const mode = f.usbMode?.value;
  const what = 'USB composition';
  const want = wanted === 'qmi' ? 'one with QMI' : String(wanted);
  if (!mode) {
    // Without a composition read (a QMI-only read on a Quectel), a QMI port that answers shows the
    // composition has QMI: enough for "qmi", not for a number.
    const qmiAnswers = f.reach.value.qmi?.answer === 'answered';
    if (wanted === 'qmi' && qmiAnswers) return { key: 'usbComposition', state: 'ok', what, now: 'has QMI (its QMI port answers)', wanted: want };
    return { key: 'usbComposition', state: 'unknown', what, now: '(unknown)', wanted: want, note: 'the modem\'s composition could not be read' };
  }
  const now = mode.label ? `${mode.label} (${mode.value})` : String(mode.value);
  const ok = wanted === 'qmi' ? mode.hasQmi : mode.value === wanted;
  if (ok) return { key: 'usbComposition', state: 'ok', what, now, wanted: want };
  return { key: 'usbComposition', state: 'change', what, now, wanted: want, fix: 'set-usbnet-mode', options: wanted === 'qmi' ? {} : { mode: String(wanted) } };
}

function autoconnect(p: ProvisioningProfile, f: Facts): SettingCheck | undefined {
  if (p.autoconnect === undefined) return undefined;
  const ac = f.autoconnect?.value;
  const wanted = p.autoconnect ? 'enabled' : 'disabled';
  const what = 'autoconnect';
  if (!ac || ac.setting === 'unknown') return { key: 'autoconnect', state: 'unknown', what, now: '(unknown)', wanted, note: 'the autoconnect setting could not be read (it is a QMI setting)' };
  const now = `${ac.setting}${ac.bearerHeld ? ', holding a data session' : ''}`;
  const ok = p.autoconnect ? ac.setting === 'enabled' : ac.setting === 'disabled' && !ac.bearerHeld;
  if (ok) return { key: 'autoconnect', state: 'ok', what, now, wanted };
  return { key: 'autoconnect', state: 'change', what, now, wanted, fix: 'disable-autoconnect', options: { setting: wanted } };
}

function dataFormat(p: ProvisioningProfile, f: Facts): SettingCheck | undefined {
  const wanted = p.dataFormat;
  if (wanted === undefined) return undefined;
  const df = f.dataFormat?.value;
  const what = 'data format (modem WDA / kernel raw_ip)';
  const want = `${words(wanted)} / ${words(wanted)}`;
  if (!df?.modem || !df.kernel) {
    return { key: 'dataFormat', state: 'unknown', what, now: `${words(df?.modem)} / ${words(df?.kernel)}`, wanted: want, note: 'the modem\'s and the kernel\'s data formats could not both be read' };
  }
  const modem = df.modemRawIpOnly ? 'raw-ip' : df.modem;
  const now = `${words(df.modem)} / ${words(df.kernel)}`;
  if (modem === wanted && df.kernel === wanted) return { key: 'dataFormat', state: 'ok', what, now, wanted: want };
  return { key: 'dataFormat', state: 'change', what, now, wanted: want, fix: 'align-data-format', options: { linkLayer: wanted, strict: 'yes' } };
}

/** A data APN (not MMS or WAP only), as the set-apn fix picks the database's suggestion. */
const isData = (usage: string): boolean => usage === 'internet' || usage === 'unspecified' || usage.startsWith('mms-internet');

/** The APN and login the profile wants on this modem: its own, or (fromDatabase) the provider
 *  database's first data APN for the SIM, with the database's user name when the profile names
 *  no login (set-apn then takes the database's published password, so nothing is asked). */
function wantedApn(a: NonNullable<ProvisioningProfile['apn']>, f: Facts): { name: string; username?: string; source?: string } | { problem: string } {
  if (a.name !== undefined) return { name: a.name };
  const sim = f.sim?.value;
  if (sim?.mcc === undefined || sim.mnc === undefined) return { problem: 'the SIM\'s network (MCC/MNC) is not known, so the provider database cannot be asked' };
  const first = (f.apnSuggestions?.value ?? []).find((s) => isData(s.usage));
  if (!first) return { problem: `the provider database lists no data APN for this SIM (${sim.mcc}/${sim.mnc}): name the APN in the profile` };
  const ownLogin = a.auth !== undefined || a.username !== undefined;
  return { name: first.apn, ...(!ownLogin && first.username ? { username: first.username } : {}), source: `the provider database's first for ${first.provider}` };
}

function apn(p: ProvisioningProfile, f: Facts): SettingCheck | undefined {
  const a = p.apn;
  if (!a) return undefined;
  const profiles = f.profiles?.value;
  const index = a.profile ?? profiles?.defaultIndex ?? 1;
  const what = `APN profile ${index}`;
  const w = wantedApn(a, f);
  if ('problem' in w) return { key: 'apn', state: 'unknown', what, now: '(not read)', wanted: 'the provider database\'s APN', note: w.problem };
  const login = a.auth === 'none' ? { username: '', auth: 'none' as const }
    : a.username !== undefined ? { username: a.username, auth: a.auth ?? 'pap-chap' }
      : w.username !== undefined ? { username: w.username, auth: 'pap-chap' as const } : undefined;
  const want = [w.source ? `${w.name} (${w.source})` : w.name, a.pdpType, login ? (login.auth === 'none' ? 'no login' : `${login.auth} login ${login.username}`) : ''].filter(Boolean).join(', ');
  if (!profiles) return { key: 'apn', state: 'unknown', what, now: '(unknown)', wanted: want, note: 'the APN profiles could not be read' };
  const cur = profiles.profiles.find((x) => x.index === index);
  const curAuth = cur?.auth ?? 'none';
  const now = cur
    ? [cur.apn || '(no APN)', cur.pdpType, curAuth === 'none' && !cur.username ? 'no login' : `${curAuth} login ${cur.username ?? ''}${cur.hasPassword ? ' with a password' : ''}`].join(', ')
    : '(no such profile)';
  const apnOk = cur !== undefined && cur.apn.trim().toLowerCase() === w.name.toLowerCase();
  const pdpOk = a.pdpType === undefined || cur?.pdpType === a.pdpType;
  // A password cannot be read back: a login counts as set when user name and protocol match and
  // the modem says it holds a password. A profile run twice therefore does not ask twice.
  const loginOk = login === undefined || (login.auth === 'none'
    ? curAuth === 'none' && !cur?.username && !cur?.hasPassword
    : cur?.username === login.username && curAuth === login.auth && cur.hasPassword === true);
  if (apnOk && pdpOk && loginOk) return { key: 'apn', state: 'ok', what, now, wanted: want };
  const options: Record<string, string> = { apn: w.name, profile: String(index) };
  if (!pdpOk && a.pdpType) options.pdpType = a.pdpType;
  if (!loginOk && login) Object.assign(options, login.auth === 'none' ? { auth: 'none' } : { username: login.username, auth: login.auth });
  return { key: 'apn', state: 'change', what, now, wanted: want, fix: 'set-apn', options };
}

/** Every setting the profile names, checked against the facts, in the order they are applied. */
export function checkProfile(profile: ProvisioningProfile, facts: Facts): SettingCheck[] {
  return [usb(profile, facts), autoconnect(profile, facts), dataFormat(profile, facts), apn(profile, facts)].filter((c): c is SettingCheck => c !== undefined);
}
