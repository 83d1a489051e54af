// Finds and loads the provider database once per process: the system's copy when the Debian
// package is installed (it may be newer than ours), else the copy shipped in main/apn/data.
// The parsed index is cached by path, size and modification time, so every later lookup is a
// map access; a changed file is parsed again. Between runs it is kept on disk (index-cache.ts).

import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ApnDatabaseError } from './database-error.ts';
import { cacheDir, readCachedIndex, writeCachedIndex } from './index-cache.ts';
import { PARSE_LIMITS, parseProviderXml } from './parse-providers.ts';
import type { DatabaseSourceKind, ProviderIndex } from './types.ts';

/** Where Debian's mobile-broadband-provider-info package puts it. */
export const SYSTEM_DATABASE = '/usr/share/mobile-broadband-provider-info/serviceproviders.xml';
/** Our copy (see data/serviceproviders.LICENSE.md). */
export const BUNDLED_DATABASE = fileURLToPath(new URL('./data/serviceproviders.xml', import.meta.url));

export interface LoadOptions {
  /** A specific file (tests, or a user's newer copy); no fallback when given. */
  path?: string;
  /** Where parsed indexes are kept between runs (default cacheDir(); null: not kept). */
  cacheDir?: string | null;
  /** The places to try in order; defaults to the system copy, then ours. */
  candidates?: { path: string; kind: DatabaseSourceKind }[];
}

const cache = new Map<string, { size: number; mtimeMs: number; index: Promise<ProviderIndex> }>();

async function loadOne(path: string, kind: DatabaseSourceKind, keptIn: string | null): Promise<ProviderIndex> {
  const index = loadIfPresent(path, kind, keptIn);
  if (!index) throw new ApnDatabaseError('not-found', path, 'no such file');
  return index;
}

/** The index of the file at `path`; undefined, not an error (its stack costs tens of
 *  microseconds), when there is no file there, as for the system copy on most machines. */
function loadIfPresent(path: string, kind: DatabaseSourceKind, keptIn: string | null): Promise<ProviderIndex> | undefined {
  // Every diagnosis asks, and most machines have no system copy: a synchronous stat that says
  // "absent" without an exception (a local file's metadata: microseconds), where an awaited one
  // cost two trips to the thread pool and a rejected promise each time.
  let st;
  try {
    st = statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    throw new ApnDatabaseError('unreadable', path, `cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (!st) return undefined;
  if (!st.isFile()) throw new ApnDatabaseError('unreadable', path, 'not a regular file');
  if (st.size > PARSE_LIMITS.maxBytes) throw new ApnDatabaseError('too-large', path, `${st.size} bytes is more than the ${PARSE_LIMITS.maxBytes} a provider database can be`);
  const hit = cache.get(path);
  if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.index;

  const index = (async () => {
    const started = performance.now();
    const src = { path, kind, size: st.size, mtimeMs: st.mtimeMs };
    const kept = keptIn === null ? undefined : readCachedIndex(keptIn, src, started);
    if (kept) return kept;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      throw new ApnDatabaseError('unreadable', path, `cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    const parsed = parseProviderXml(text, { path, kind }, started);
    // Written after this turn: the caller has its index first (serialising costs a few ms).
    if (keptIn !== null) setImmediate(() => writeCachedIndex(keptIn, src, parsed));
    return parsed;
  })();
  cache.set(path, { size: st.size, mtimeMs: st.mtimeMs, index });
  // A failed parse is not cached: the next call tries again (the file may be fixed by then).
  index.catch(() => { if (cache.get(path)?.index === index) cache.delete(path); });
  return index;
}

/**
 * The provider index. Without options: the system copy if present, else the bundled one; a
 * system copy that is present but broken is an error (not silently replaced), because the user
 * should hear that their distribution's file is damaged.
 */
export async function loadProviderIndex(opts: LoadOptions = {}): Promise<ProviderIndex> {
  const keptIn = opts.cacheDir === undefined ? cacheDir() : opts.cacheDir;
  if (opts.path) return loadOne(opts.path, 'custom', keptIn);
  const candidates = opts.candidates ?? [
    { path: SYSTEM_DATABASE, kind: 'system' as const },
    { path: BUNDLED_DATABASE, kind: 'bundled' as const },
  ];
  for (const c of candidates) {
    const index = loadIfPresent(c.path, c.kind, keptIn);
    if (index) return index;
  }
  const last = candidates.at(-1);
  throw last ? new ApnDatabaseError('not-found', last.path, 'no such file') : new ApnDatabaseError('not-found', '(no candidates)', 'no provider database to read');
}

/** Forgets parsed databases (tests; a long-running server after a package update). */
export function clearProviderIndexCache(): void {
  cache.clear();
}
