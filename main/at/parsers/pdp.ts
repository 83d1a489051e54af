// PDP contexts: AT+CGDCONT? / =?, AT+CGACT?, AT+CGPADDR (27.007 §10.1.1, §10.1.10, §10.1.14).

import { allFieldsAfter, splitFields, toInt } from './fields.ts';
import { fail, ok, type ParseOutcome } from './outcome.ts';

export interface PdpContext {
  cid: number;
  /** 'IP', 'IPV6', 'IPV4V6', 'PPP', 'Non-IP' as sent. */
  pdpType: string;
  /** '' = network-provided (or unset). */
  apn: string;
  address?: string;
  dataCompression?: number;
  headerCompression?: number;
  /** Vendor-specific trailing fields, as sent. */
  extra?: string[];
}

export function parseCgdcontRead(lines: string[]): ParseOutcome<{ contexts: PdpContext[] }> {
  const contexts: PdpContext[] = [];
  // No line at all is valid: no context is defined.
  for (const e of allFieldsAfter(lines, '+CGDCONT')) {
    const cid = toInt(e.fields[0]?.text);
    if (cid === undefined) return fail(e.line, `+CGDCONT cid "${e.fields[0]?.text ?? ''}" is not a number`);
    const ctx: PdpContext = { cid, pdpType: e.fields[1]?.text ?? '', apn: e.fields[2]?.text ?? '' };
    const addr = e.fields[3]?.text;
    if (addr !== undefined && addr !== '') ctx.address = addr;
    const d = toInt(e.fields[4]?.text);
    const h = toInt(e.fields[5]?.text);
    if (d !== undefined) ctx.dataCompression = d;
    if (h !== undefined) ctx.headerCompression = h;
    if (e.fields.length > 6) ctx.extra = e.fields.slice(6).map((x) => x.text);
    contexts.push(ctx);
  }
  return ok({ contexts });
}

export interface CidRange { min: number; max: number }

export interface PdpFormat {
  pdpType: string;
  cids: CidRange[];
}

/** `(1-10)`, `(1)`, `( 1 )`, `(1-17,101-116)` → ranges. */
function parseRanges(text: string): CidRange[] | undefined {
  const inner = text.replace(/[()\s]/g, '');
  if (inner === '') return [];
  const out: CidRange[] = [];
  for (const part of inner.split(',')) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    if (!m) return undefined;
    const min = Number(m[1]);
    out.push({ min, max: m[2] === undefined ? min : Number(m[2]) });
  }
  return out;
}

export function parseCgdcontTest(lines: string[]): ParseOutcome<{ formats: PdpFormat[] }> {
  const all = allFieldsAfter(lines, '+CGDCONT');
  if (all.length === 0) return fail(lines.join('\n'), 'no +CGDCONT: line in the response');
  const formats: PdpFormat[] = [];
  for (const e of all) {
    const cids = parseRanges(e.fields[0]?.text ?? '');
    if (cids === undefined) return fail(e.line, `+CGDCONT cid range "${e.fields[0]?.text ?? ''}" is not understood`);
    formats.push({ pdpType: e.fields[1]?.text ?? '', cids });
  }
  return ok({ formats });
}

export interface PdpActivation { cid: number; active: boolean }

export function parseCgact(lines: string[]): ParseOutcome<{ contexts: PdpActivation[] }> {
  const contexts: PdpActivation[] = [];
  for (const e of allFieldsAfter(lines, '+CGACT')) {
    const cid = toInt(e.fields[0]?.text);
    const state = toInt(e.fields[1]?.text);
    if (cid === undefined || (state !== 0 && state !== 1)) return fail(e.line, '+CGACT needs <cid>,<state 0|1>');
    contexts.push({ cid, active: state === 1 });
  }
  return ok({ contexts });
}

export interface PdpAddress {
  cid: number;
  ipv4?: string;
  ipv6?: string;
  /** Addresses as sent. */
  raw: string[];
}

/** 16 dot-separated bytes (AT+CGPIAF=0, the default) → RFC 5952-ish colon hex. */
function dottedToIpv6(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length !== 16) return undefined;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (bytes.some((b) => !(b >= 0 && b <= 255))) return undefined;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  // Compress the longest run (≥ 2) of zero groups with '::' (RFC 5952 §4.2).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i += 1; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function classify(addr: string, into: PdpAddress): void {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(addr)) { if (addr !== '0.0.0.0') into.ipv4 ??= addr; return; }
  const v6 = dottedToIpv6(addr);
  if (v6 !== undefined) { if (v6 !== '::') into.ipv6 ??= v6; return; }
  if (addr.includes(':')) into.ipv6 ??= addr.toLowerCase();
}

export function parseCgpaddr(lines: string[]): ParseOutcome<{ addresses: PdpAddress[] }> {
  const addresses: PdpAddress[] = [];
  for (const e of allFieldsAfter(lines, '+CGPADDR')) {
    const cid = toInt(e.fields[0]?.text);
    if (cid === undefined) return fail(e.line, `+CGPADDR cid "${e.fields[0]?.text ?? ''}" is not a number`);
    // Some firmwares put both addresses in one quoted field: `1,"0.0.0.0,0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"`.
    const raw = e.fields.slice(1).flatMap((x) => x.text.split(',')).map((t) => t.trim()).filter((t) => t !== '');
    const a: PdpAddress = { cid, raw };
    for (const r of raw) classify(r, a);
    addresses.push(a);
  }
  return ok({ addresses });
}

export interface PdpContextWrite {
  cid: number;
  /** True for `AT+CGDCONT=<cid>` alone, which deletes the context (27.007 §10.1.1). */
  deleted: boolean;
  pdpType?: string;
  apn?: string;
}

/**
 * `AT+CGDCONT=<cid>[,"<type>","<apn>"...]` answers only OK: the result records what the command
 * asked for, so the evidence of an APN change says which context got which APN.
 */
export function parseCgdcontWrite(args: string): ParseOutcome<PdpContextWrite> {
  const fields = splitFields(args);
  const cid = toInt(fields[0]?.text);
  if (cid === undefined) return fail(`AT+CGDCONT=${args}`, `+CGDCONT= cid "${fields[0]?.text ?? ''}" is not a number`);
  if (fields.length === 1) return ok({ cid, deleted: true });
  const out: PdpContextWrite = { cid, deleted: false };
  if (fields[1] && fields[1].text !== '') out.pdpType = fields[1].text;
  if (fields[2]) out.apn = fields[2].text;
  return ok(out);
}
