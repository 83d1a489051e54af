// Undo records on disk: $XDG_STATE_HOME/modem-doctor/undo/ (default ~/.local/state, XDG Base
// Directory Specification), one JSON file per action, so `undo` works from a later process.
// Each file is written whole or not at all (a temporary file in the same folder, fsync, rename)
// with mode 0600 in a 0700 folder: a record holds no secret, but it does say which modem and
// which ports. The modem is named by its masked IMEI for people and an HMAC of the IMEI for
// matching; the key is random per user, so the hash cannot be reversed by trying the few
// million IMEIs of one model.

import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FixId } from './finding.ts';
import type { UndoRecord } from './fix.ts';
import { CodedError } from '../errors/coded-error.ts';
import { processStartTicks } from '../system/device-holders.ts';

export interface UndoStoreOptions {
  /** The folder for records (default: undoDir()). */
  dir?: string;
}

/** $XDG_STATE_HOME/modem-doctor (a relative XDG_STATE_HOME is ignored, as the spec says). */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(base, 'modem-doctor');
}

export function undoDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateDir(env), 'undo');
}

/** Action ids name files: nothing else is accepted (no path can be smuggled in). */
const ACTION_ID_RE = /^\d{8}T\d{6}Z-[a-z-]{3,40}-[0-9a-f]{6}$/;

export function isActionId(s: string): boolean {
  return ACTION_ID_RE.test(s);
}

export function newActionId(fix: FixId, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `${stamp}-${fix}-${randomBytes(3).toString('hex')}`;
}

/** An IMEI (or any long identifier) for people: the first 5 and last 2 digits, the rest masked. */
export function maskImei(imei: string | undefined): string {
  if (!imei) return 'unknown';
  return imei.length <= 7 ? '*'.repeat(imei.length) : `${imei.slice(0, 5)}${'*'.repeat(imei.length - 7)}${imei.slice(-2)}`;
}

export type UndoStoreErrorCode = 'not-found' | 'bad-id' | 'unreadable';

export class UndoStoreError extends CodedError<UndoStoreErrorCode> {
  override readonly name = 'UndoStoreError';
}

/** The mark a record in 'applying' carries: this process, by pid and start time. */
export function applyingMark(): { pid: number; startTicks: number } | undefined {
  const startTicks = processStartTicks(process.pid);
  return startTicks === undefined ? undefined : { pid: process.pid, startTicks };
}

/** Whether the record's fix is being applied right now by a process that still runs. */
export function stillApplying(r: UndoRecord): boolean {
  const m = r.applyingIn;
  return r.status === 'applying' && m !== undefined && processStartTicks(m.pid) === m.startTicks;
}

/** The process applying the record's fix right now when that is another process than this one
 *  (whose own fixes in progress are its own to show), else undefined. */
export function applyingElsewhere(r: UndoRecord): { pid: number } | undefined {
  return stillApplying(r) && r.applyingIn!.pid !== process.pid ? { pid: r.applyingIn!.pid } : undefined;
}

export class UndoStore {
  readonly dir: string;

  constructor(opts: UndoStoreOptions = {}) {
    this.dir = opts.dir ?? undoDir();
  }

  private file(actionId: string): string {
    if (!isActionId(actionId)) throw new UndoStoreError('bad-id', `"${actionId}" is not an action id (like 20261201T231500Z-set-apn-3f9a0c).`);
    return path.join(this.dir, `${actionId}.json`);
  }

  private ensureDir(): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** The per-user key behind modem hashes, made on first use (0600, beside the records). */
  private key(): Buffer {
    this.ensureDir();
    const file = path.join(this.dir, '.modem-key');
    try {
      return fs.readFileSync(file);
    } catch {
      const key = randomBytes(32);
      try {
        fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
        return key;
      } catch {
        return fs.readFileSync(file); // another process made it first
      }
    }
  }

  /** How a record names a modem: masked IMEI, keyed hash, and a label for people. */
  modemIdentity(imei: string | undefined, label: string, fallbackId: string): UndoRecord['modem'] {
    const hash = createHmac('sha256', this.key()).update(imei ? `imei:${imei}` : `target:${fallbackId}`).digest('hex').slice(0, 32);
    return { imeiMasked: maskImei(imei), imeiHash: hash, label };
  }

  /** Whether a record belongs to the modem with this IMEI. */
  sameModem(record: UndoRecord, imei: string): boolean {
    // A record made without the IMEI cannot be checked: the caller said which modem.
    if (record.modem.imeiMasked === 'unknown') return true;
    return this.modemIdentity(imei, '', '').imeiHash === record.modem.imeiHash;
  }

  /** Writes the record atomically (temp file, fsync, rename), mode 0600. */
  save(record: UndoRecord): void {
    this.ensureDir();
    const target = this.file(record.actionId);
    const tmp = path.join(this.dir, `.${record.actionId}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify(record, null, 2)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.renameSync(tmp, target);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
  }

  load(actionId: string): UndoRecord {
    const file = this.file(actionId);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      throw new UndoStoreError('not-found', `No undo record ${actionId} in ${this.dir}.`);
    }
    try {
      return JSON.parse(text) as UndoRecord;
    } catch (e) {
      throw new UndoStoreError('unreadable', `The undo record ${file} is damaged (${(e as Error).message}).`);
    }
  }

  /** Applies `patch` to a stored record and saves it again. */
  update(actionId: string, patch: Partial<UndoRecord>): UndoRecord {
    const next = { ...this.load(actionId), ...patch };
    this.save(next);
    return next;
  }

  /** Every readable record, newest first (damaged files are skipped). */
  list(): UndoRecord[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return [];
    }
    const out: UndoRecord[] = [];
    for (const n of names) {
      if (!n.endsWith('.json') || !isActionId(n.slice(0, -5))) continue;
      try { out.push(this.load(n.slice(0, -5))); } catch { /* damaged: not listed */ }
    }
    return out.sort((a, b) => b.appliedAt.localeCompare(a.appliedAt) || b.actionId.localeCompare(a.actionId));
  }

  /** Records not yet undone (applied, half-applied or failed part-way), newest first. */
  undoable(): UndoRecord[] {
    return this.list().filter((r) => !r.undoneAt && r.status !== 'undone');
  }

  /**
   * Records of fixes cut short while applying (the process died mid-change), newest first. A
   * record whose applying process still runs (the same pid started at the same tick) is a fix in
   * progress elsewhere, not cut short: finishing or undoing it would pull the change from under it.
   */
  cutShort(): UndoRecord[] {
    return this.undoable().filter((r) => r.status === 'applying' && !stillApplying(r));
  }

  /** Forgets a record (an action that turned out to change nothing). */
  remove(actionId: string): void {
    fs.rmSync(this.file(actionId), { force: true });
  }
}
