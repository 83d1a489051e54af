// The SIM over QMI: the card and its PIN state first (UIM Get Card Status; DMS UIM Get PIN
// Status on firmware without UIM), then — only once the PIN state says the card is readable —
// its identity: ICCID and IMSI (DMS UIM Get ICCID / Get IMSI), the MNC length from EF AD, the
// operator's GID1 and SPN (UIM Read Transparent). Layouts: libqmi data/qmi-service-uim.json and
// qmi-service-dms.json; the files: 3GPP TS 31.102 §4.2.18 (EF AD), §4.2.10 (EF GID1), §4.2.12 (EF SPN).

import { DMS, NAS, UIM } from '../../qmi/services/index.ts';
import type { ResponseOf } from '../../qmi/schema.ts';
import type { Fact, SimFacts, SimState } from '../facts.ts';
import { EvidenceList, qmiRead, type ProbeContext } from './context.ts';

const PROBE = 'qmi-sim';

type CardStatus = NonNullable<ResponseOf<typeof UIM.messages.getCardStatus>['cardStatus']>;
type Card = CardStatus['cards'][number];
type App = Card['applications'][number];

/** QmiUimCardError values that mean "no card there" (libqmi qmi-enums-uim.h): power down,
 *  no ATR received, unknown (possibly removed). */
const NO_CARD_ERRORS = new Set([1, 3, 6]);

function appState(app: App | undefined): SimState {
  if (!app) return 'not-ready';
  if (app.pin1State === 'permanently-blocked') return 'blocked';
  switch (app.state) {
    case 'ready': return 'ready';
    case 'pin1-or-upin-pin-required': return 'pin-required';
    case 'puk1-or-upin-puk-required': return 'puk-required';
    case 'pin1-blocked': return app.pin1State === 'blocked' ? 'puk-required' : 'blocked';
    case 'detected': case 'check-personalization-state': return 'not-ready';
    default: return 'unknown';
  }
}

function fromCardStatus(cs: CardStatus): Omit<SimFacts, 'iccid' | 'imsi'> {
  const card = cs.cards[0];
  if (!card || card.cardState === 'absent') return { state: 'absent' };
  if (card.cardState === 'error') return { state: NO_CARD_ERRORS.has(card.errorCode) ? 'absent' : 'unknown' };
  // The GW primary application, by its index (low byte), else the first 3GPP one.
  const idx = cs.indexGwPrimary === 0xffff ? -1 : cs.indexGwPrimary & 0xff;
  const app = card.applications[idx] ?? card.applications.find((a) => a.type === 'usim' || a.type === 'sim');
  const state = appState(app);
  if (!app) return { state };
  return { state, pinEnabled: app.pin1State !== 'disabled', pinLeft: app.pin1Retries, pukLeft: app.puk1Retries };
}

type PinStatus = NonNullable<ResponseOf<typeof DMS.messages.uimGetPinStatus>['pin1Status']>;

function fromDmsPin(p: PinStatus): Omit<SimFacts, 'iccid' | 'imsi'> {
  const state: SimState = p.currentStatus === 'enabled-not-verified' ? 'pin-required'
    : p.currentStatus === 'blocked' ? 'puk-required'
      : p.currentStatus === 'permanently-blocked' ? 'blocked'
        : p.currentStatus === 'enabled-verified' || p.currentStatus === 'disabled' || p.currentStatus === 'unblocked' || p.currentStatus === 'changed' ? 'ready'
          : 'not-ready';
  return { state, pinEnabled: p.currentStatus !== 'disabled', pinLeft: p.verifyRetriesLeft, pukLeft: p.unblockRetriesLeft };
}

/** Errors DMS gives for PIN status when there is no card to ask. */
const DMS_NO_CARD = new Set(['device-not-ready', 'sim-not-inserted', 'uim-uninitialized']);

async function pinState(ctx: ProbeContext, ev: EvidenceList): Promise<Omit<SimFacts, 'iccid' | 'imsi'> | undefined> {
  const uim = await qmiRead(ctx, PROBE, UIM, UIM.messages.getCardStatus);
  ev.add(uim);
  if (uim?.fields.cardStatus) return fromCardStatus(uim.fields.cardStatus);
  const dms = await qmiRead(ctx, PROBE, DMS, DMS.messages.uimGetPinStatus, {}, { expected: [...DMS_NO_CARD] });
  ev.add(dms);
  if (!dms) return undefined;
  if (!dms.ok) return { state: 'absent' };
  return dms.fields.pin1Status ? fromDmsPin(dms.fields.pin1Status) : undefined;
}

/** The USIM's files sit under MF (3F00) / ADF.USIM (7FFF); each id little-endian on the wire. */
const USIM_PATH = '003fff7f';

async function readEf(ctx: ProbeContext, ev: EvidenceList, fileId: number): Promise<Buffer | undefined> {
  const r = await qmiRead(ctx, PROBE, UIM, UIM.messages.readTransparent, {
    session: { sessionType: 'primary-gw-provisioning', applicationIdentifier: '' },
    file: { fileId, filePath: USIM_PATH },
    readInformation: { offset: 0, length: 0 },
  // An optional file the card does not have is an answer, not a problem.
  }, { expected: ['sim-file-not-found', 'invalid-qmi-command', 'not-supported'] });
  ev.add(r);
  return r?.ok && r.fields.readResult ? Buffer.from(r.fields.readResult, 'hex') : undefined;
}

/** EF SPN: a display-condition byte, then the name in the GSM default alphabet, FF-padded. */
function spnText(b: Buffer): string | undefined {
  let s = '';
  for (const c of b.subarray(1)) {
    if (c === 0xff) break;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '?';
  }
  return s.trim() || undefined;
}

async function identity(ctx: ProbeContext, ev: EvidenceList): Promise<Partial<SimFacts>> {
  const [iccid, imsi, ad, gid1, spn] = await Promise.all([
    qmiRead(ctx, PROBE, DMS, DMS.messages.uimGetIccid),
    qmiRead(ctx, PROBE, DMS, DMS.messages.uimGetImsi),
    readEf(ctx, ev, 0x6fad),
    readEf(ctx, ev, 0x6f3e),
    readEf(ctx, ev, 0x6f46),
  ]);
  ev.add(iccid);
  ev.add(imsi);
  const out: Partial<SimFacts> = {};
  if (iccid?.fields.iccid) out.iccid = iccid.fields.iccid.replace(/[fF]+$/, '');
  if (gid1) out.gid1 = gid1.toString('hex');
  const name = spn ? spnText(spn) : undefined;
  if (name) out.spn = name;
  const digits = imsi?.fields.imsi;
  if (digits && /^\d{6,15}$/.test(digits)) {
    out.imsi = digits;
    out.mcc = Number(digits.slice(0, 3));
    // EF AD byte 4: the number of MNC digits in the IMSI (2 or 3).
    let mncDigits: 2 | 3 | undefined = ad && ad.length >= 4 && ((ad[3]! & 0x0f) === 2 || (ad[3]! & 0x0f) === 3) ? (ad[3]! & 0x0f) as 2 | 3 : undefined;
    if (mncDigits === undefined) {
      const home = await qmiRead(ctx, PROBE, NAS, NAS.messages.getHomeNetwork);
      ev.add(home);
      const pcs = home?.fields.homeNetwork3gppMnc?.includesPcsDigit;
      if (pcs !== undefined) mncDigits = pcs ? 3 : 2;
    }
    if (mncDigits !== undefined) {
      out.mncDigits = mncDigits;
      out.mnc = Number(digits.slice(3, 3 + mncDigits));
    }
  }
  return out;
}

export async function probeQmiSim(ctx: ProbeContext): Promise<Fact<SimFacts> | undefined> {
  if (!ctx.open.qmi) return undefined;
  const ev = new EvidenceList();
  const pin = await pinState(ctx, ev);
  if (!pin) return undefined;
  // The card's files and IMSI are readable only once the PIN is settled.
  const id = pin.state === 'ready' ? await identity(ctx, ev) : {};
  return { value: { ...pin, ...id }, via: 'qmi', evidence: ev.list };
}
