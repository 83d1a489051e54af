// The parsed provider index kept on disk between runs: a later start reads it back instead of
// parsing the XML, the same index; a changed database, a broken cache file or a cache folder that
// cannot be written only mean parsing again, never an error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheDir } from '../../main/apn/index-cache.ts';
import { BUNDLED_DATABASE, clearProviderIndexCache, loadProviderIndex } from '../../main/apn/load-database.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apn-cache-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A fresh process's load: the in-memory index forgotten first. */
async function load(file: string, keptIn: string | null) {
  clearProviderIndexCache();
  return loadProviderIndex({ path: file, cacheDir: keptIn });
}

/** The cache is written just after the load returns (setImmediate). */
const written = (): Promise<void> => new Promise((r) => setImmediate(r));
const filesIn = (d: string): string[] => (fs.existsSync(d) ? fs.readdirSync(d) : []);

const copyOfShipped = (name: string): string => {
  const f = path.join(dir, name);
  fs.copyFileSync(BUNDLED_DATABASE, f);
  return f;
};

test('the shipped database parsed once is read back from the cache on the next start: the same index', async () => {
  const kept = path.join(dir, 'kept');
  const file = copyOfShipped('shipped.xml');
  const parsed = await load(file, kept);
  assert.equal(parsed.fromCache, undefined);
  await written();
  assert.equal(filesIn(kept).filter((f) => f.endsWith('.v8')).length, 1, 'one cache file');
  const back = await load(file, kept);
  assert.equal(back.fromCache, true);
  assert.deepEqual([...back.byPlmn.keys()], [...parsed.byPlmn.keys()]);
  assert.deepEqual(back.byPlmn.get('222-88'), parsed.byPlmn.get('222-88'));
  assert.deepEqual({ ...back, loadMs: 0, fromCache: undefined }, { ...parsed, loadMs: 0, fromCache: undefined });
  // A provider on several networks stays one object, as the parser made it.
  const shared = [...parsed.byPlmn.values()].flat().find((p) => p.networks.length > 1)!;
  const again = back.byPlmn.get(`${shared.networks[1]!.mcc}-${shared.networks[1]!.mnc}`)!.find((p) => p.order === shared.order);
  assert.equal(again, back.byPlmn.get(`${shared.networks[0]!.mcc}-${shared.networks[0]!.mnc}`)!.find((p) => p.order === shared.order));
});

test('a changed database is parsed again, not taken from the cache', async () => {
  const kept = path.join(dir, 'changed');
  const file = copyOfShipped('changing.xml');
  await load(file, kept);
  await written();
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('internet.wind', 'internet.changed'));
  fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
  const after = await load(file, kept);
  assert.equal(after.fromCache, undefined);
  assert.ok(after.byPlmn.get('222-88')!.some((p) => p.apns.some((a) => a.apn === 'internet.changed')));
});

test('a cache file that is not an index is ignored and replaced; a folder that cannot be written only costs the parse', async () => {
  const kept = path.join(dir, 'broken');
  const file = copyOfShipped('broken.xml');
  await load(file, kept);
  await written();
  const [name] = filesIn(kept);
  fs.writeFileSync(path.join(kept, name!), 'not a serialised index');
  const parsed = await load(file, kept);
  assert.equal(parsed.fromCache, undefined);
  assert.ok(parsed.byPlmn.size > 100);
  await written();
  assert.equal((await load(file, kept)).fromCache, true, 'replaced by a good one');

  const blocked = path.join(dir, 'a-file');
  fs.writeFileSync(blocked, '');
  const noFolder = await load(file, path.join(blocked, 'cache'));
  await written();
  assert.ok(noFolder.byPlmn.size > 100);
  assert.equal((await load(file, path.join(blocked, 'cache'))).fromCache, undefined);
  assert.equal((await load(file, null)).fromCache, undefined, 'null: nothing kept or read');
});

test('the cache folder follows XDG_CACHE_HOME, else ~/.cache; a relative XDG_CACHE_HOME is ignored', () => {
  assert.equal(cacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }), '/x/cache/modem-doctor');
  assert.equal(cacheDir({ HOME: '/home/u' }), '/home/u/.cache/modem-doctor');
  assert.equal(cacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/home/u' }), '/home/u/.cache/modem-doctor');
});
