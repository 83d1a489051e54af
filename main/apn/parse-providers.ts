// Parses mobile-broadband-provider-info's serviceproviders.xml into an index by MCC/MNC, with a
// real XML parser (saxes: a strict, streaming, non-validating parser that expands no custom
// entities and fetches no DTD, so a hostile file cannot make it allocate without bound).
// Layout: serviceproviders.2.dtd in the same Debian package — country > provider > gsm >
// (network-id*, apn*), apn > (plan*, usage?, name*, username?, password?, authentication?, dns*, mmsc?, mmsproxy?).

import { SaxesParser } from 'saxes';
import { ApnDatabaseError } from './database-error.ts';
import type { ApnAuth, ApnUsage, DbApn, DbProvider, ProviderIndex, DatabaseSourceKind } from './types.ts';

/** Bounds that no real database comes near (the 2023 file: 362 KB, 702 providers, depth 6). */
export const PARSE_LIMITS = {
  maxBytes: 32 * 1024 * 1024,
  maxDepth: 32,
  maxProviders: 100_000,
  maxTextLength: 4096,
} as const;

const USAGES = new Set<ApnUsage>(['internet', 'mms', 'wap', 'ia', 'mms-internet-hipri', 'mms-internet-hipri-fota']);

// The text elements we keep, inside <apn> or directly inside <provider>.
const APN_TEXT = new Set(['name', 'username', 'password', 'dns', 'mmsc', 'mmsproxy']);

interface OpenApn extends DbApn { names: string[] }

/**
 * Parses the XML text. Throws ApnDatabaseError('malformed') with line and column when the text
 * is not well-formed XML or is not a provider database, 'limit-exceeded' past PARSE_LIMITS.
 */
export function parseProviderXml(xml: string, source: { path: string; kind: DatabaseSourceKind }, started = performance.now()): ProviderIndex {
  // Tracking line and column makes saxes about twice as slow, so the first pass runs without;
  // only a file that fails is parsed again with positions, to say where it is broken.
  try {
    return parsePass(xml, source, started, false);
  } catch (e) {
    if (e instanceof ApnDatabaseError && (e.code === 'malformed' || e.code === 'limit-exceeded')) return parsePass(xml, source, started, true);
    throw e;
  }
}

function parsePass(xml: string, source: { path: string; kind: DatabaseSourceKind }, started: number, positions: boolean): ProviderIndex {
  const path = source.path;
  const bytes = Buffer.byteLength(xml);
  if (bytes > PARSE_LIMITS.maxBytes) throw new ApnDatabaseError('too-large', path, `${bytes} bytes is more than the ${PARSE_LIMITS.maxBytes} a provider database can be`);

  const parser = new SaxesParser({ position: positions });
  const stack: string[] = [];
  const byPlmn = new Map<string, DbProvider[]>();
  let sawRoot = false;
  let country = '';
  let provider: DbProvider | undefined;
  let providerNames: string[] = [];
  let inGsm = false;
  let apn: OpenApn | undefined;
  let text = '';
  let providerCount = 0;
  let apnCount = 0;

  const where = () => (positions ? { line: parser.line, column: parser.column } : undefined);
  const fail = (message: string): never => { throw new ApnDatabaseError('malformed', path, message, where()); };

  parser.on('opentag', (tag) => {
    const name = tag.name;
    if (stack.length === 0) {
      if (name !== 'serviceproviders') fail(`the root element is <${name}>, not <serviceproviders>: not a provider database`);
      sawRoot = true;
    }
    stack.push(name);
    if (stack.length > PARSE_LIMITS.maxDepth) throw new ApnDatabaseError('limit-exceeded', path, `elements nested deeper than ${PARSE_LIMITS.maxDepth}`, where());
    text = '';
    const attr = (key: string): string | undefined => {
      const v = tag.attributes[key];
      return typeof v === 'string' ? v : undefined;
    };
    switch (name) {
      case 'country':
        country = attr('code') ?? '';
        break;
      case 'provider':
        if (++providerCount > PARSE_LIMITS.maxProviders) throw new ApnDatabaseError('limit-exceeded', path, `more than ${PARSE_LIMITS.maxProviders} providers`, where());
        provider = { name: '', country, networks: [], apns: [], order: providerCount };
        if (attr('primary') === 'true') provider.primary = true;
        providerNames = [];
        break;
      case 'gsm':
        inGsm = provider !== undefined;
        break;
      case 'network-id': {
        if (!provider || !inGsm) break;
        const mcc = attr('mcc');
        const mnc = attr('mnc');
        if (!mcc || !mnc || !/^\d{3}$/.test(mcc) || !/^\d{2,3}$/.test(mnc)) fail(`<network-id> needs mcc (3 digits) and mnc (2 or 3 digits), got mcc=${JSON.stringify(mcc)} mnc=${JSON.stringify(mnc)}`);
        provider.networks.push({ mcc: mcc as string, mnc: mnc as string });
        break;
      }
      case 'apn': {
        if (!provider || !inGsm) break;
        const value = attr('value');
        if (value === undefined) fail('<apn> without its value attribute');
        apn = { apn: (value as string).trim(), usage: 'unspecified', plans: [], dns: [], names: [] };
        break;
      }
      case 'plan':
        if (apn) { const t = attr('type'); if (t) apn.plans.push(t); }
        break;
      case 'usage':
        if (apn) { const t = attr('type') as ApnUsage | undefined; if (t && USAGES.has(t)) apn.usage = t; }
        break;
      case 'authentication':
        if (apn) { const m = attr('method'); if (m === 'pap' || m === 'chap') apn.auth = m as ApnAuth; }
        break;
    }
  });

  parser.on('text', (t) => {
    if (text.length + t.length > PARSE_LIMITS.maxTextLength) throw new ApnDatabaseError('limit-exceeded', path, `a text value longer than ${PARSE_LIMITS.maxTextLength} characters`, where());
    text += t;
  });

  parser.on('closetag', (tag) => {
    const name = tag.name;
    stack.pop();
    const value = text.trim();
    text = '';
    if (apn && name !== 'apn' && APN_TEXT.has(name)) {
      if (name === 'name') apn.names.push(value);
      else if (name === 'dns') apn.dns.push(value);
      else if (name === 'username' || name === 'password' || name === 'mmsc' || name === 'mmsproxy') apn[name] = value;
      return;
    }
    switch (name) {
      case 'name':
        // A provider's <name> sits directly under <provider> (stack top is now "provider").
        if (provider && stack[stack.length - 1] === 'provider') providerNames.push(value);
        break;
      case 'apn':
        if (apn && provider) {
          const { names, ...rest } = apn;
          const done: DbApn = { ...rest };
          if (names[0]) done.label = names[0];
          if (done.apn !== '') { provider.apns.push(done); apnCount++; }
        }
        apn = undefined;
        break;
      case 'gsm':
        inGsm = false;
        break;
      case 'provider':
        if (provider) {
          provider.name = providerNames[0] ?? '(unnamed provider)';
          for (const n of provider.networks) {
            const key = `${n.mcc}-${n.mnc}`;
            const list = byPlmn.get(key);
            if (list) { if (!list.includes(provider)) list.push(provider); } else byPlmn.set(key, [provider]);
          }
        }
        provider = undefined;
        break;
      case 'country':
        country = '';
        break;
    }
  });

  try {
    parser.write(xml).close();
  } catch (e) {
    if (e instanceof ApnDatabaseError) throw e;
    // saxes reports well-formedness errors as "file:line:column: message".
    const message = e instanceof Error ? e.message.replace(/^(.*?:)?\d+:\d+: /, '') : String(e);
    throw new ApnDatabaseError('malformed', path, `not well-formed XML: ${message}`, where());
  }
  if (!sawRoot) throw new ApnDatabaseError('malformed', path, 'no <serviceproviders> element: not a provider database');

  return {
    source,
    byPlmn,
    providerCount,
    apnCount,
    bytes,
    loadMs: performance.now() - started,
  };
}
