// The fix matrix runs one file per simulator profile: a profile added without its file would
// silently go unchecked.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { PROFILES } from '../../../main/simulator/profiles/index.ts';

test('every simulator profile has its fix-matrix files (over QMI and AT, over AT only)', () => {
  const here = new URL('.', import.meta.url);
  for (const id of Object.keys(PROFILES)) {
    for (const [file, via] of [[`${id}.test.ts`, 'qmi'], [`${id}-at.test.ts`, 'at']] as const) {
      assert.ok(fs.existsSync(new URL(file, here)), `test/doctor/fix-matrix/${file} runs fixMatrix('${id}', '${via}')`);
      assert.match(fs.readFileSync(new URL(file, here), 'utf8'), new RegExp(`fixMatrix\\('${id}', '${via}'\\)`));
    }
  }
});
