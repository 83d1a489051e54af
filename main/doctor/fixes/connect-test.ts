// connect-test: start a data session with the profile, read back what the network gave (WDS Start
// Network, Get Current Settings: libqmi data/qmi-service-wds.json), judge it
// (main/doctor/judge-settings.ts), try the data path while the session is up where the modem's
// interface is here and we are root (lease, gateway ping, DNS: connect-data-path.ts), and stop the
// session again unless asked to keep it. Nothing persists (the lease's address is taken off again),
// so there is no undo; a kept session is the user's to stop.

import { APN_REFUSAL_CAUSES, nextSuggestion } from '../../apn/suggest.ts';
import { WDS } from '../../qmi/services/index.ts';
import type { SessionSettings } from '../facts.ts';
import type { FixPlan } from '../fix.ts';
import { judgeSettings } from '../judge-settings.ts';
import { qmiTry } from './calls.ts';
import { testDataPath, type DataPathResult } from './connect-data-path.ts';
import { FixError, refusedPlan, type Applied, type Fix, type FixContext, type UndoOutcome } from './context.ts';
import { suggestionsFor } from './set-apn.ts';

async function plan(ctx: FixContext): Promise<FixPlan> {
  if (!ctx.open.qmi) return refusedPlan('connect-test', 'unsupported', 'The connect test needs the modem\'s QMI port, which is not open.');
  if (ctx.facts.autoconnect?.value.bearerHeld) {
    return refusedPlan('connect-test', 'not-applicable', 'The modem\'s autoconnect holds the data session, so a test session cannot start (NO_EFFECT): disable autoconnect first.');
  }
  const index = Number(ctx.options.profile ?? ctx.facts.profiles?.value.defaultIndex ?? 1);
  const keep = ctx.options.keep === 'yes';
  const apn = ctx.facts.profiles?.value.profiles.find((p) => p.index === index)?.apn;
  const iface = ctx.open.target.net;
  return {
    fix: 'connect-test',
    changes: [
      { what: 'data session', from: 'down', to: keep ? `up with profile ${index}${apn ? ` (${apn})` : ''}, kept` : `up with profile ${index}${apn ? ` (${apn})` : ''} for the test, then stopped` },
      // Only where the interface is here and we are root (connect-data-path.ts says when not).
      ...(iface ? [{ what: `address on ${iface}`, from: 'as it is', to: keep ? 'a DHCP lease (udhcpc), kept' : 'a DHCP lease (udhcpc) for a ping and a DNS lookup, then removed' }] : []),
    ],
    warnings: keep ? ['The session stays up after the test: stop it with your connection manager (or `modem-doctor qmi ... wds stop-network`).'] : [],
    secrets: [], options: { profile: String(index), keep: keep ? 'yes' : 'no' },
  };
}

function settingsFrom(f: Record<string, unknown>): SessionSettings {
  const s: SessionSettings = {};
  if (typeof f.ipv4Address === 'string') s.ipv4 = f.ipv4Address;
  if (typeof f.ipv4GatewayAddress === 'string') s.gateway = f.ipv4GatewayAddress;
  if (typeof f.ipv4GatewaySubnetMask === 'string') s.subnet = f.ipv4GatewaySubnetMask;
  const dns = [f.primaryIpv4DnsAddress, f.secondaryIpv4DnsAddress].filter((d): d is string => typeof d === 'string');
  s.dns = dns;
  if (typeof f.mtu === 'number') s.mtu = f.mtu;
  return s;
}

async function apply(ctx: FixContext, p: FixPlan): Promise<Applied> {
  if (p.refusal) throw new FixError('refused', p.refusal.message);
  const index = Number(p.options.profile);
  ctx.progress({ step: `starting a data session with profile ${index}` });
  const start = await qmiTry(ctx.open, WDS, WDS.messages.startNetwork, { profileIndex3gpp: index }, 'Starting the data session');
  if (!start.ok) {
    const v = start.fields.verboseCallEndReason as { type?: string; reason?: number; name?: string } | undefined;
    const cause = v?.type === '3gpp' ? v.reason : undefined;
    const outcome: Record<string, unknown> = { connected: false, error: start.result.errorName };
    const words = [`The data session did not start: ${start.result.errorName}`];
    if (v) { outcome.endReason = v; words.push(`(${v.type ?? '?'} reason ${v.reason ?? '?'}${v.name ? `: ${v.name}` : ''})`); }
    if (start.result.errorName === 'no-effect') words.push('— a session is already up (the modem\'s autoconnect?)');
    if (cause !== undefined && APN_REFUSAL_CAUSES[cause]) {
      const apn = ctx.facts.profiles?.value.profiles.find((x) => x.index === index)?.apn ?? '';
      const s = await suggestionsFor(ctx);
      const next = s.list ? nextSuggestion(s.list, [{ apn: apn || '(none)', cause }]) : undefined;
      outcome.cause3gpp = cause;
      if (next?.next) outcome.next = next.next.apn;
      words.push(`— the network refused the APN ${apn || '(none)'} (3GPP cause ${cause}: ${APN_REFUSAL_CAUSES[cause]}). ${next?.reason ?? ''}`.trimEnd());
    }
    outcome.message = `${words.join(' ')}.`;
    return { undoable: false, outcome };
  }
  const handle = start.fields.packetDataHandle;
  ctx.progress({ step: 'reading the session\'s settings' });
  const cur = await qmiTry(ctx.open, WDS, WDS.messages.getCurrentSettings, {
    requestedSettings: ['pdp-type', 'apn-name', 'dns-address', 'ip-address', 'gateway-info', 'mtu', 'ip-family'],
  }, 'Reading the session\'s settings');
  const settings = cur.ok ? settingsFrom(cur.fields as Record<string, unknown>) : undefined;
  const verdict = settings ? judgeSettings(settings) : { ok: false, problems: [`the settings could not be read (${cur.result.errorName})`] };
  const keep = p.options.keep === 'yes';
  const iface = ctx.open.target.net;
  let dataPath: DataPathResult | undefined;
  if (iface) {
    const sysfsRoot = ctx.open.target.sysfsRoot;
    dataPath = await testDataPath(iface, settings, { keep, progress: ctx.progress, ...(sysfsRoot ? { sysfsRoot } : {}) });
  }
  let stopped = false;
  if (!keep && handle !== undefined) {
    ctx.progress({ step: 'stopping the test session' });
    const stop = await qmiTry(ctx.open, WDS, WDS.messages.stopNetwork, { packetDataHandle: handle }, 'Stopping the test session');
    stopped = stop.ok;
  }
  const apn = typeof cur.fields.apnName === 'string' ? cur.fields.apnName : undefined;
  return {
    undoable: false,
    outcome: {
      connected: true, ...(apn !== undefined ? { apn } : {}), ...(settings ? { settings } : {}), verdict,
      kept: keep, stopped, ...(keep && handle !== undefined ? { handle } : {}),
      ...(dataPath ? { dataPath } : {}),
      message: [
        verdict.ok
          ? `Connected: ${settings?.ipv4 ?? '?'} via ${settings?.gateway ?? '?'}, MTU ${settings?.mtu ?? '?'}, DNS ${settings?.dns?.join(', ') || 'none'}; the settings look right.`
          : `Connected, but ${verdict.problems.join('; ')}.`,
        ...(dataPath ? [dataPath.message] : []),
        keep ? 'The session is kept up.' : 'The session was stopped again.',
      ].join(' '),
    },
  };
}

async function undo(): Promise<UndoOutcome> {
  return { restored: false, message: 'The connect test leaves nothing behind to undo.' };
}

export const connectTest: Fix = { id: 'connect-test', plan, apply, undo };
