// A provisioning profile: the desired state of a modem in a small JSON file (docs/provisioning.md,
// schema docs/provisioning.schema.json). Checked here field by field, the same rules the schema
// states, so every door (CLI, API) refuses a bad file with the field and the words, without a
// schema validator in the engine. Secrets are never part of a profile: a member that looks like
// one (password, pin, puk) is refused with a message that says where secrets come from instead.

export type ProfileAuth = 'none' | 'pap' | 'chap' | 'pap-chap';
export type ProfilePdpType = 'ipv4' | 'ipv6' | 'ipv4v6';
export type ProfileLinkLayer = 'raw-ip' | '802-3';

export interface ProvisioningProfile {
  version: 1;
  name?: string;
  apn?: ProfileApn;
  dataFormat?: ProfileLinkLayer;
  /** 'qmi': any composition with QMI; a number: the vendor's composition value. */
  usbComposition?: 'qmi' | number;
  autoconnect?: boolean;
}

/** The APN by name, or `fromDatabase: true`: the provider database's first data APN for each
 *  modem's SIM (its login too, when the database lists one and the profile names none). A shelf of
 *  SIMs from different networks then takes one profile. Exactly one of the two. */
export type ProfileApn = ({ name: string; fromDatabase?: never } | { fromDatabase: true; name?: never })
  & { profile?: number; pdpType?: ProfilePdpType; auth?: ProfileAuth; username?: string };

export class ProfileError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`The provisioning profile is not valid: ${problems.join('; ')}`);
    this.name = 'ProfileError';
    this.problems = problems;
  }
}

const APN_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const USERNAME_RE = /^[^"\r\n\\]*$/;
const SECRET_KEY = /pass(word)?|pin|puk|secret/i;
const SECRETS_HOW = 'secrets never go in a profile: they are asked for on a terminal, or read one per line with --secrets-stdin';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKeys(o: Record<string, unknown>, allowed: readonly string[], where: string, out: string[]): void {
  for (const k of Object.keys(o)) {
    if (allowed.includes(k)) continue;
    out.push(SECRET_KEY.test(k) ? `${where}${k}: ${SECRETS_HOW}` : `${where}${k}: not a profile setting (known: ${allowed.filter((x) => x !== '$schema').join(', ')})`);
  }
}

function oneOf<T extends string>(v: unknown, values: readonly T[], where: string, out: string[]): T | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
  out.push(`${where}: one of ${values.join(', ')}, not ${JSON.stringify(v)}`);
  return undefined;
}

function parseApn(v: unknown, out: string[]): ProvisioningProfile['apn'] {
  if (!isObject(v)) { out.push('apn: an object ({"name": "internet.it", ...} or {"fromDatabase": true, ...})'); return undefined; }
  unknownKeys(v, ['name', 'fromDatabase', 'profile', 'pdpType', 'auth', 'username'], 'apn.', out);
  let apn: ProfileApn;
  if (v.fromDatabase !== undefined) {
    if (v.fromDatabase !== true) out.push(`apn.fromDatabase: true (the provider database's first APN for each SIM), not ${JSON.stringify(v.fromDatabase)}; to name the APN, give apn.name instead`);
    if (v.name !== undefined) out.push('apn: either apn.name or apn.fromDatabase, not both');
    apn = { fromDatabase: true };
  } else if (typeof v.name !== 'string' || v.name.length === 0 || v.name.length > 100 || !APN_RE.test(v.name)) {
    out.push(`apn.name: an APN of letters, digits, hyphens and dots, at most 100 characters${v.name === undefined ? ' (missing; or "fromDatabase": true for the provider database\'s)' : `, not ${JSON.stringify(v.name)}`}`);
    apn = { name: '' };
  } else apn = { name: v.name };
  if (v.profile !== undefined) {
    if (typeof v.profile !== 'number' || !Number.isInteger(v.profile) || v.profile < 1 || v.profile > 24) out.push(`apn.profile: a profile number 1–24, not ${JSON.stringify(v.profile)}`);
    else apn.profile = v.profile;
  }
  const pdp = oneOf<ProfilePdpType>(v.pdpType, ['ipv4', 'ipv6', 'ipv4v6'], 'apn.pdpType', out);
  if (pdp) apn.pdpType = pdp;
  const auth = oneOf<ProfileAuth>(v.auth, ['none', 'pap', 'chap', 'pap-chap'], 'apn.auth', out);
  if (auth) apn.auth = auth;
  if (v.username !== undefined) {
    if (typeof v.username !== 'string' || v.username.length > 64 || !USERNAME_RE.test(v.username)) out.push('apn.username: at most 64 characters, without quotes, backslashes or line breaks');
    else apn.username = v.username;
  }
  if (auth && auth !== 'none' && v.username === undefined) out.push(`apn.auth: ${auth} needs apn.username (the password is asked for, never written in the profile)`);
  if (auth === 'none' && v.username !== undefined) out.push('apn.auth: none means no login, so apn.username must not be given');
  return apn;
}

/** The profile in a parsed JSON document, or a ProfileError listing every problem. */
export function parseProfile(doc: unknown): ProvisioningProfile {
  const out: string[] = [];
  if (!isObject(doc)) throw new ProfileError(['the file holds no JSON object']);
  unknownKeys(doc, ['$schema', 'version', 'name', 'apn', 'dataFormat', 'usbComposition', 'autoconnect'], '', out);
  if (doc.version !== 1) out.push(`version: 1 (the profile format this Modem Doctor reads), not ${JSON.stringify(doc.version)}`);
  const p: ProvisioningProfile = { version: 1 };
  if (doc.$schema !== undefined && typeof doc.$schema !== 'string') out.push('$schema: a string');
  if (doc.name !== undefined) {
    if (typeof doc.name !== 'string' || doc.name.length === 0 || doc.name.length > 100) out.push('name: a string of 1–100 characters');
    else p.name = doc.name;
  }
  if (doc.apn !== undefined) {
    const apn = parseApn(doc.apn, out);
    if (apn) p.apn = apn;
  }
  const df = oneOf<ProfileLinkLayer>(doc.dataFormat, ['raw-ip', '802-3'], 'dataFormat', out);
  if (df) p.dataFormat = df;
  const u = doc.usbComposition;
  if (u !== undefined) {
    if (u === 'qmi' || (typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= 0xffffffff)) p.usbComposition = u;
    else out.push(`usbComposition: "qmi" or the vendor's composition number, not ${JSON.stringify(u)}`);
  }
  if (doc.autoconnect !== undefined) {
    if (typeof doc.autoconnect !== 'boolean') out.push(`autoconnect: true or false, not ${JSON.stringify(doc.autoconnect)}`);
    else p.autoconnect = doc.autoconnect;
  }
  const settings = ['apn', 'dataFormat', 'usbComposition', 'autoconnect'].filter((k) => doc[k] !== undefined);
  if (out.length === 0 && settings.length === 0) out.push('the profile names no setting (apn, dataFormat, usbComposition, autoconnect)');
  if (out.length) throw new ProfileError(out);
  return p;
}

/** A profile from the text of a file: JSON, then parseProfile. */
export function parseProfileText(text: string): ProvisioningProfile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ProfileError([`not JSON: ${(e as Error).message}`]);
  }
  return parseProfile(doc);
}
