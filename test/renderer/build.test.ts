// The built wizard holds under a strict Content-Security-Policy: the page loads its script and
// stylesheet as files (relative, so file:// and the web host both work) and has nothing inline.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const DIST = path.resolve(import.meta.dirname, '..', '..', 'renderer', 'dist');
const built = existsSync(path.join(DIST, 'index.html'));

test('renderer/dist: one module script and one stylesheet by relative URL, no inline script or style', { skip: built ? undefined : 'not built: npm run build:renderer' }, () => {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0]![1]!, /type="module"[^>]*src="\.\/assets\/[^"]+\.js"/);
  assert.equal(scripts[0]![2]!.trim(), '', 'no inline script');
  assert.match(html, /<link rel="stylesheet"[^>]*href="\.\/assets\/[^"]+\.css"/);
  assert.doesNotMatch(html, /<style\b|\sstyle="|\son[a-z]+="/i, 'no inline style or handler');
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'/);
  const assets = readdirSync(path.join(DIST, 'assets'));
  for (const a of assets) {
    if (!a.endsWith('.js')) continue;
    const js = readFileSync(path.join(DIST, 'assets', a), 'utf8');
    assert.doesNotMatch(js, /\beval\(|new Function\(/, `${a} needs no eval`);
  }
});
