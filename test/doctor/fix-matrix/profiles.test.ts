// The fix matrix runs one file per simulator profile: a profile added without its file would
// silently go unchecked.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { PROFILES } from '../../../main/simulator/profiles/index.ts';

test('every simulator profile has its fix-matrix file', () => {
  const here = new URL('.', import.meta.url);
  for (const id of Object.keys(PROFILES)) {
    assert.ok(fs.existsSync(new URL(`${id}.test.ts`, here)), `test/doctor/fix-matrix/${id}.test.ts runs fixMatrix('${id}')`);
    assert.match(fs.readFileSync(new URL(`${id}.test.ts`, here), 'utf8'), new RegExp(`fixMatrix\\('${id}'\\)`));
  }
});
