// The parsed provider index kept on disk between runs, in $XDG_CACHE_HOME/modem-doctor (default
// ~/.cache/modem-doctor, XDG Base Directory Specification). Parsing the XML costs about 150 ms of
// CPU at every start of a command (with its garbage, most of a cold diagnosis's own work); a
// command reads the index back with v8.deserialize in a few. The key is the database file's
// path, size and modification time and those of the parser's own files, so an updated database
// package or a changed parser is parsed afresh. A cache that cannot be read or written is
// ignored: never an error, only the slower way.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import type { DatabaseSourceKind, ProviderIndex } from './types.ts';

/** $XDG_CACHE_HOME/modem-doctor (a relative XDG_CACHE_HOME is ignored, as the spec says). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'modem-doctor');
}

/** What builds the index: a change to any of these files changes every key. */
const here = fileURLToPath(import.meta.url);
const PARSER_FILES = ['parse-providers', 'types'].map((n) => path.join(path.dirname(here), `${n}${path.extname(here)}`));

export interface CacheSource { path: string; kind: DatabaseSourceKind; size: number; mtimeMs: number }

function fileOf(dir: string, src: CacheSource): string | undefined {
  const h = crypto.createHash('sha256').update(`${process.versions.v8}\n${src.path}\n${src.kind}\n${src.size}\n${src.mtimeMs}`);
  for (const f of PARSER_FILES) {
    try {
      const st = fs.statSync(f);
      h.update(`\n${f}\n${st.size}\n${st.mtimeMs}`);
    } catch {
      return undefined; // the parser's files cannot be told apart: no cache
    }
  }
  return path.join(dir, `providers-${h.digest('hex').slice(0, 24)}.v8`);
}

/** The index this source was parsed into last time, or undefined (none, unreadable, not one). */
export function readCachedIndex(dir: string, src: CacheSource, started: number): ProviderIndex | undefined {
  const file = fileOf(dir, src);
  if (!file) return undefined;
  let value: unknown;
  try {
    value = v8.deserialize(fs.readFileSync(file));
  } catch {
    return undefined;
  }
  const v = value as Partial<ProviderIndex> | null;
  if (!v || typeof v !== 'object' || !(v.byPlmn instanceof Map) || typeof v.providerCount !== 'number' || typeof v.apnCount !== 'number'
    || typeof v.bytes !== 'number' || v.source?.path !== src.path || v.source.kind !== src.kind) return undefined;
  return { ...(v as ProviderIndex), loadMs: performance.now() - started, fromCache: true };
}

/** Keeps the index for the next start: written whole under a temporary name, then renamed. */
export function writeCachedIndex(dir: string, src: CacheSource, index: ProviderIndex): void {
  const file = fileOf(dir, src);
  if (!file) return;
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { fromCache: _, ...kept } = index;
    fs.writeFileSync(tmp, v8.serialize(kept), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    try { fs.rmSync(tmp, { force: true }); } catch { /* nothing to tidy */ }
  }
}
