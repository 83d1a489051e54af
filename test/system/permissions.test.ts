// Port permissions as another user meets them: a child process running as `nobody` asks about
// nodes owned the ways real ones are (root:dialout 0660 like ttyUSB, root:root 0600 like a
// cdc-wdm without a udev rule), and gets the reason and the fix in words.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { checkPortAccess, type PortAccess } from '../../main/system/permissions.ts';
import { skipUnlessRoot } from '../support/needs-root.ts';

const MODULE = path.join(import.meta.dirname, '..', '..', 'main', 'system', 'permissions.ts');
const NOBODY = 65534;

function asNobody(file: string, groupFile?: string): PortAccess {
  const script = `import { checkPortAccess } from ${JSON.stringify(MODULE)};\n`
    + `process.stdout.write(JSON.stringify(checkPortAccess(${JSON.stringify(file)}, ${JSON.stringify(groupFile ? { groupFile } : {})})));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { uid: NOBODY, gid: NOBODY, encoding: 'utf8', timeout: 20000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as PortAccess;
}

test('the owner may open a node; a missing node is ENOENT with a reason', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-perm-'));
  try {
    const f = path.join(dir, 'ttyUSB9');
    fs.writeFileSync(f, '');
    fs.chmodSync(f, 0o600);
    assert.deepEqual(checkPortAccess(f), { path: f, ok: true });
    const gone = checkPortAccess(path.join(dir, 'ttyUSB8'));
    assert.equal(gone.ok, false);
    assert.equal(gone.code, 'ENOENT');
    assert.match(gone.reason ?? '', /does not exist/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('as nobody: the group, the mode and the fix (usermod, relogin, udev rule)', { skip: skipUnlessRoot('a node owned by root is needed, and a child running as nobody') }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-perm-'));
  try {
    fs.chmodSync(dir, 0o755);
    const node = (name: string, mode: number, gid: number): string => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, '');
      fs.chownSync(f, 0, gid);
      fs.chmodSync(f, mode);
      return f;
    };
    const dialout = node('ttyUSB2', 0o660, 20);
    const wdm = node('cdc-wdm0', 0o600, 0);
    const open = node('ttyUSB3', 0o666, 20);

    const a = asNobody(dialout);
    assert.equal(a.ok, false);
    assert.equal(a.code, 'EACCES');
    assert.deepEqual(a.owner, { uid: 0, gid: 20, mode: '0660', group: 'dialout' });
    assert.match(a.reason ?? '', /group dialout \(mode 0660\) and nobody is not in it/);
    assert.match(a.fix ?? '', /sudo usermod -aG dialout nobody.*log out and back in/);

    const groups = path.join(dir, 'group');
    fs.writeFileSync(groups, 'root:x:0:\ndialout:x:20:nobody\nnogroup:x:65534:\n');
    const added = asNobody(dialout, groups);
    assert.match(added.reason ?? '', /added to the group dialout .* before that/);
    assert.match(added.fix ?? '', /newgrp dialout/);

    const w = asNobody(wdm);
    assert.equal(w.ok, false);
    assert.match(w.reason ?? '', /only its owner \(uid 0\) may open it \(mode 0600, group root\): no udev rule/);
    assert.match(w.fix ?? '', /udev rule/);

    assert.equal(asNobody(open).ok, true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
