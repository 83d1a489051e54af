// Loading the provider database: which copy, the cache, and typed errors for files that are
// missing, broken or not a provider database at all.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApnDatabaseError } from '../../main/apn/database-error.ts';
import { BUNDLED_DATABASE, SYSTEM_DATABASE, clearProviderIndexCache, loadProviderIndex } from '../../main/apn/load-database.ts';
import { PARSE_LIMITS, parseProviderXml } from '../../main/apn/parse-providers.ts';

const dir = mkdtempSync(join(tmpdir(), 'apn-db-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
// Indexes of these throw-away files are kept between runs in here, not in the user's cache.
process.env.XDG_CACHE_HOME = join(dir, 'cache');

const tiny = (apn: string) => `<?xml version="1.0"?>
<serviceproviders format="2.0">
<country code="it">
  <provider><name>Test</name><gsm><network-id mcc="001" mnc="01"/>
    <apn value="${apn}"><usage type="internet"/></apn></gsm></provider>
</country>
</serviceproviders>`;

async function rejectsWith(p: Promise<unknown>, code: string, message: RegExp): Promise<ApnDatabaseError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApnDatabaseError, `expected ApnDatabaseError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return e;
  }
  assert.fail('expected a rejection');
}

test('the shipped copy indexes every provider and network', async () => {
  const idx = await loadProviderIndex({ candidates: [{ path: BUNDLED_DATABASE, kind: 'bundled' }] });
  assert.equal(idx.source.kind, 'bundled');
  assert.equal(idx.providerCount, 700);
  assert.equal(idx.apnCount, 1304);
  assert.equal(idx.byPlmn.size, 818);
  assert.ok(idx.loadMs > 0);
});

test('default order: the system copy when installed, else ours; a missing candidate is skipped', async () => {
  const missing = join(dir, 'nope.xml');
  const idx = await loadProviderIndex({ candidates: [{ path: missing, kind: 'system' }, { path: BUNDLED_DATABASE, kind: 'bundled' }] });
  assert.equal(idx.source.kind, 'bundled');
  assert.equal(SYSTEM_DATABASE, '/usr/share/mobile-broadband-provider-info/serviceproviders.xml');
  await rejectsWith(loadProviderIndex({ candidates: [{ path: missing, kind: 'system' }] }), 'not-found', /nope\.xml: no such file/);
});

test('a parsed file is cached; a changed file is parsed again', async () => {
  clearProviderIndexCache();
  const f = join(dir, 'cache.xml');
  writeFileSync(f, tiny('one'));
  const a = await loadProviderIndex({ path: f });
  assert.equal(await loadProviderIndex({ path: f }), a, 'same index object from the cache');
  writeFileSync(f, tiny('two.longer'));
  utimesSync(f, new Date(), new Date(Date.now() + 5000));
  const b = await loadProviderIndex({ path: f });
  assert.notEqual(b, a);
  assert.equal(b.byPlmn.get('001-01')![0]!.apns[0]!.apn, 'two.longer');
});

test('malformed XML is a typed error naming the line', async () => {
  const f = join(dir, 'broken.xml');
  writeFileSync(f, '<?xml version="1.0"?>\n<serviceproviders>\n<country code="it">\n<provider><name>X</provider>\n</serviceproviders>\n');
  const e = await rejectsWith(loadProviderIndex({ path: f }), 'malformed', /not well-formed XML/);
  assert.equal(e.line, 4);
  assert.equal(e.path, f);
  // A broken file is not cached: once fixed, it loads.
  writeFileSync(f, tiny('fixed'));
  assert.equal((await loadProviderIndex({ path: f })).apnCount, 1);
});

test('well-formed XML that is not a provider database, or breaks its layout, is rejected', () => {
  const src = { path: 'mem.xml', kind: 'custom' as const };
  assert.throws(() => parseProviderXml('<html><body/></html>', src), (e: unknown) => e instanceof ApnDatabaseError && e.code === 'malformed' && /root element is <html>/.test(e.message));
  assert.throws(() => parseProviderXml('', src), (e: unknown) => e instanceof ApnDatabaseError && e.code === 'malformed');
  assert.throws(() => parseProviderXml(tiny('x').replace('mnc="01"', 'mnc="1x"'), src), /network-id> needs mcc/);
  assert.throws(() => parseProviderXml(tiny('x').replace('<apn value="x">', '<apn>'), src), /<apn> without its value/);
});

test('bounds: nesting, text length and file size are limited', () => {
  const src = { path: 'mem.xml', kind: 'custom' as const };
  const deep = `<serviceproviders>${'<a>'.repeat(PARSE_LIMITS.maxDepth + 1)}${'</a>'.repeat(PARSE_LIMITS.maxDepth + 1)}</serviceproviders>`;
  assert.throws(() => parseProviderXml(deep, src), (e: unknown) => e instanceof ApnDatabaseError && e.code === 'limit-exceeded' && e.line === 1);
  const long = tiny('x').replace('<name>Test</name>', `<name>${'n'.repeat(PARSE_LIMITS.maxTextLength + 1)}</name>`);
  assert.throws(() => parseProviderXml(long, src), (e: unknown) => e instanceof ApnDatabaseError && e.code === 'limit-exceeded');
  // An undeclared entity is an error, never expanded (no entity tricks).
  assert.throws(() => parseProviderXml(tiny('&boom;'), src), (e: unknown) => e instanceof ApnDatabaseError && e.code === 'malformed');
});
